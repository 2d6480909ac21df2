/** The files of a connector folder, as Power Platform and paconn know them. */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import { MAX_DEFINITION_BYTES, MAX_ICON_BYTES, MAX_SCRIPT_BYTES, platformSize } from '../shared/platform-limits.ts';
import { describeProblem, formatBytes, readRegularFile } from '../shared/read-file.ts';

export const CONNECTOR_FILES = {
  definition: 'apiDefinition.swagger.json',
  properties: 'apiProperties.json',
  script: 'script.csx',
  icon: 'icon.png',
} as const;

export type ConnectorFileKey = keyof typeof CONNECTOR_FILES;

/** The connector's own script, run when no other is given. */
export const CONNECTOR_SCRIPT = path.join(REPOSITORY_ROOT, CONNECTOR_FILES.script);

/** The certified connector template's README, beside the four files (paconn does not upload it). */
export const README_FILE = 'README.md';

const ALL_FILES = Object.keys(CONNECTOR_FILES) as ConnectorFileKey[];

/** The most Power Platform accepts of each file, where Microsoft states it (apiProperties.json: nowhere). */
export const PLATFORM_MAX_BYTES: Partial<Record<ConnectorFileKey, number>> = {
  definition: MAX_DEFINITION_BYTES,
  icon: MAX_ICON_BYTES,
  script: MAX_SCRIPT_BYTES,
};

/**
 * The most the tools read of any file in a connector folder: well above the platform's limits
 * (PLATFORM_MAX_BYTES), so that the validator can still say by how much a file is too large, while
 * a huge or endless file (a link to /dev/zero) costs neither time nor memory.
 */
export const MAX_CONNECTOR_FILE_BYTES = 4 * 1024 * 1024;

/** Why a file over MAX_CONNECTOR_FILE_BYTES is not read: "is larger than 4 MiB (Power Platform accepts at most 1 MB)". */
export function tooLargeToRead(key: ConnectorFileKey): string {
  const platform = PLATFORM_MAX_BYTES[key];
  const accepted = platform === undefined ? '' : ` (Power Platform accepts at most ${platformSize(platform)})`;
  return `is larger than ${formatBytes(MAX_CONNECTOR_FILE_BYTES)}${accepted}`;
}

export interface ConnectorFiles<K extends ConnectorFileKey> {
  /** The files as found; a missing or refused one is undefined. */
  files: Partial<Record<K, Buffer>>;
  /** Files present but not read, each with why, e.g. "is a FIFO (named pipe), not a regular file". */
  refused: Partial<Record<K, string>>;
}

/**
 * Reads the connector files of `dir` that are asked for, as Power Platform gets them: regular files
 * inside the folder. A link that leaves the folder, a FIFO, a device or a file over
 * MAX_CONNECTOR_FILE_BYTES is refused with a reason (checked before reading), never followed or read.
 */
export function readConnectorFiles<K extends ConnectorFileKey>(
  dir: string,
  keys: readonly K[] = ALL_FILES as K[],
): ConnectorFiles<K> {
  const result: ConnectorFiles<K> = { files: {}, refused: {} };
  // Where the folder really is, found only when a link needs it.
  let folder: string | undefined;
  const realFolder = () => (folder ??= realPath(dir) ?? path.resolve(dir));
  for (const key of keys) {
    const outcome = readInside(realFolder, key, path.join(dir, CONNECTOR_FILES[key]));
    if (outcome === undefined) continue;
    if (typeof outcome === 'string') result.refused[key] = outcome;
    else result.files[key] = outcome;
  }
  return result;
}

/** The answer of a file-system call, or undefined when it fails (missing, not reachable, …). */
function orUndefined<T>(call: () => T): T | undefined {
  try {
    return call();
  } catch {
    return undefined;
  }
}

const realPath = (file: string) => orUndefined(() => realpathSync(file));

/** The file's bytes, undefined when it does not exist, or why it was not read. */
function readInside(folder: () => string, key: ConnectorFileKey, file: string): Buffer | string | undefined {
  const link = orUndefined(() => lstatSync(file));
  if (!link) return undefined;
  if (link.isSymbolicLink()) {
    const target = realPath(file);
    if (target === undefined) return 'is a link to nothing (a broken symbolic link)';
    const relative = path.relative(folder(), target);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      return `is a link to ${target}, outside the connector folder; Power Platform gets the files themselves, so links are not followed out of the folder`;
    }
  }
  const read = readRegularFile(file, MAX_CONNECTOR_FILE_BYTES);
  if (read.ok) return read.bytes;
  if (read.problem.kind === 'missing') return undefined;
  return read.problem.kind === 'too-large'
    ? `${tooLargeToRead(key)}, so it was not read`
    : describeProblem(read.problem);
}

/** The folder's absolute path; a --dir that names no folder is a usage error (exit 2), told apart from a folder with problems. */
export function requireConnectorFolder(dir: string): string {
  const folder = path.resolve(dir);
  const info = orUndefined(() => statSync(folder));
  if (!info) {
    throw new UserError(`The folder ${folder} does not exist.`, {
      hint: `Name the connector folder (the one holding ${CONNECTOR_FILES.definition}), or leave it out to use the repository root.`,
      exitCode: EXIT_STATUS.usage,
    });
  }
  if (!info.isDirectory()) {
    throw new UserError(`${folder} is a file, not a folder.`, {
      hint: 'Name the connector folder itself, not one of its files.',
      exitCode: EXIT_STATUS.usage,
    });
  }
  return folder;
}
