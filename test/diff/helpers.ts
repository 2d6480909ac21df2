import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFolder } from '../../src/diff/source.ts';
import type { ConnectorSnapshot } from '../../src/diff/compare.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

export const PACKAGE_FILES = ['apiDefinition.swagger.json', 'apiProperties.json', 'script.csx', 'icon.png'];

/** Our own package as diff reads it, once per test file. */
let ours: ConnectorSnapshot | undefined;
export async function ourPackage(): Promise<ConnectorSnapshot> {
  ours ??= await loadFolder(REPOSITORY_ROOT);
  return ours;
}

/** A deep copy of a snapshot whose JSON files `edit` may change freely. */
export function edited(
  snapshot: ConnectorSnapshot,
  edit: (definition: any, properties: any) => void,
  label = 'edited',
): ConnectorSnapshot {
  const copy: ConnectorSnapshot = {
    ...snapshot,
    label,
    definition: structuredClone(snapshot.definition),
    properties: structuredClone(snapshot.properties),
  };
  edit(copy.definition, copy.properties);
  return copy;
}

/** A temporary copy of the repository's connector files. */
export async function copyOfPackage(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'acs-diff-test-'));
  const dir = join(root, 'connector');
  for (const file of PACKAGE_FILES) await cp(join(REPOSITORY_ROOT, file), join(dir, file));
  return { dir, cleanup: () => rm(root, { recursive: true, force: true }) };
}
