/** The files of a connector folder, as Power Platform and paconn know them. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../shared/errors.ts';

export const CONNECTOR_FILES = {
  definition: 'apiDefinition.swagger.json',
  properties: 'apiProperties.json',
  script: 'script.csx',
  icon: 'icon.png',
} as const;

export type ConnectorFileKey = keyof typeof CONNECTOR_FILES;

/** The certified connector template's README, beside the four files (paconn does not upload it). */
export const README_FILE = 'README.md';

const ALL_FILES = Object.keys(CONNECTOR_FILES) as ConnectorFileKey[];

/** Reads the connector files of `dir` that are asked for; a missing one stays undefined, an unreadable one is an error. */
export async function readConnectorFiles<K extends ConnectorFileKey>(
  dir: string,
  keys: readonly K[] = ALL_FILES as K[],
): Promise<Partial<Record<K, Buffer>>> {
  const files: Partial<Record<K, Buffer>> = {};
  await Promise.all(
    keys.map(async (key) => {
      const content = await readFile(path.join(dir, CONNECTOR_FILES[key])).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw new UserError(`Cannot read ${CONNECTOR_FILES[key]} in ${dir}: ${error.message}`, {
          hint: 'Check that the file is readable (permissions) and is a regular file.',
        });
      });
      if (content) files[key] = content;
    }),
  );
  return files;
}

/** The folder's absolute path; a --dir that names no folder is a usage error (exit 2), told apart from a folder with problems. */
export async function requireConnectorFolder(dir: string): Promise<string> {
  const folder = path.resolve(dir);
  const info = await stat(folder).catch(() => undefined);
  if (!info) {
    throw new UserError(`The folder ${folder} does not exist.`, {
      hint: `Pass --dir with the connector folder (the one holding ${CONNECTOR_FILES.definition}), or leave --dir out to use the repository root.`,
      exitCode: 2,
    });
  }
  if (!info.isDirectory()) {
    throw new UserError(`${folder} is a file, not a folder.`, {
      hint: 'Pass --dir with the connector folder itself, not one of its files.',
      exitCode: 2,
    });
  }
  return folder;
}
