import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { CONNECTOR_FILES as FILE_NAMES, type ConnectorFileKey } from '../../src/connector-folder/index.ts';
import { REPOSITORY_ROOT as REPO_ROOT } from '../../src/shared/paths.ts';
export { REPO_ROOT };
export const MINIMAL_FIXTURE = path.join(REPO_ROOT, 'test/validate/fixtures/minimal');
export { REFERENCE_DIR } from '../../src/shared/paths.ts';
export type ConnectorFile = (typeof FILE_NAMES)[ConnectorFileKey];
export const CONNECTOR_FILES = Object.values(FILE_NAMES) as ConnectorFile[];

/** The project's own package once the generator has written it into the repository root. */
export const rootPackageExists = (): boolean => CONNECTOR_FILES.every((file) => existsSync(path.join(REPO_ROOT, file)));

// Fixtures are edited freely, so their JSON is untyped on purpose.
type Json = any;

/** A disposable copy of a connector folder that tests seed defects into. */
export class ConnectorCopy {
  private constructor(readonly dir: string) {}

  static async of(source: string): Promise<ConnectorCopy> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'acs-validate-'));
    for (const file of CONNECTOR_FILES) await copyFile(path.join(source, file), path.join(dir, file));
    return new ConnectorCopy(dir);
  }

  file(name: ConnectorFile): string {
    return path.join(this.dir, name);
  }

  async readJson(name: ConnectorFile): Promise<Json> {
    return JSON.parse(await readFile(this.file(name), 'utf8'));
  }

  async editJson(name: ConnectorFile, edit: (document: Json) => void): Promise<void> {
    const document = await this.readJson(name);
    edit(document);
    await writeFile(this.file(name), JSON.stringify(document, null, 2) + '\n');
  }

  async readText(name: ConnectorFile): Promise<string> {
    return readFile(this.file(name), 'utf8');
  }

  async write(name: ConnectorFile, content: string | Buffer): Promise<void> {
    await writeFile(this.file(name), content);
  }

  async remove(name: ConnectorFile): Promise<void> {
    await rm(this.file(name));
  }

  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** JSON pointer of the first operation in document order, with the operation itself. */
export function firstOperation(definition: Json): { pointer: string; path: string; method: string; operation: Json } {
  for (const [route, item] of Object.entries<Json>(definition.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      if (item[method])
        return {
          pointer: `/paths/${route.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`,
          path: route,
          method,
          operation: item[method],
        };
    }
  }
  throw new Error('fixture has no operation');
}

export function operations(definition: Json): Json[] {
  return Object.values<Json>(definition.paths).flatMap((item) =>
    ['get', 'put', 'post', 'delete', 'patch'].filter((m) => item[m]).map((m) => item[m]),
  );
}
