import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { UserError } from '../shared/errors.ts';
import { formatBytes } from '../shared/read-file.ts';
import {
  CONNECTOR_FILES,
  MAX_CONNECTOR_FILE_BYTES,
  readConnectorFiles,
  requireConnectorFolder,
  type ConnectorFileKey,
} from '../connector-folder/index.ts';
import { parseJsonDocument } from '../shared/json.ts';
import { runGit, runGitBinary } from '../shared/git.ts';
import type { ConnectorSnapshot } from './compare.ts';

/** A --base or --dir that names no connector is a usage error. */
const USAGE_ERROR = 2;

type RawFiles = Partial<Record<ConnectorFileKey, Buffer>>;

/**
 * The base side: an existing folder, else a git ref (branch, tag, commit) of the repository
 * holding `headDir`, read from git's object store at the same relative path; the work tree is
 * never touched. A folder wins over a ref of the same name.
 */
export async function loadBase(base: string, headDir: string, cwd: string): Promise<ConnectorSnapshot> {
  const asFolder = path.resolve(cwd, base);
  if (await isFolder(asFolder)) return loadFolder(asFolder);
  return loadFromGit(base, headDir);
}

export async function loadFolder(folder: string): Promise<ConnectorSnapshot> {
  const dir = requireConnectorFolder(folder);
  const { files, refused } = readConnectorFiles(dir);
  for (const [key, why] of Object.entries(refused) as Array<[ConnectorFileKey, string]>) {
    throw new UserError(`${path.join(dir, CONNECTOR_FILES[key])} ${why}.`, {
      hint: `Make ${CONNECTOR_FILES[key]} a regular file inside the folder, or point at another folder.`,
      exitCode: USAGE_ERROR,
    });
  }
  return snapshot(dir, files);
}

/** Reads the connector files of `headDir`'s path at `ref` straight from git's object store. */

export async function loadFromGit(ref: string, headDir: string): Promise<ConnectorSnapshot> {
  const notARef = (why: string) =>
    new UserError(`--base ${ref} is neither a folder nor a git ref: ${why}.`, {
      hint: 'Pass a branch, tag or commit of this repository (e.g. main, HEAD~3, v1.0) or a folder holding an earlier connector.',
      exitCode: USAGE_ERROR,
    });
  if (ref.startsWith('-') || ref.includes('\n') || ref.trim() === '') throw notARef('it is not a ref name');

  const where = await runGit(['rev-parse', '--show-toplevel', '--show-prefix'], { cwd: headDir });
  if (where.exitCode !== 0) throw notARef(`${headDir} is not inside a git repository`);
  const [topLevel, prefix = ''] = where.stdout.split('\n');
  const commit = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], {
    cwd: headDir,
  });
  if (commit.exitCode !== 0) throw notARef('git knows no commit by that name');
  const sha = commit.stdout.trim();

  const names = Object.values(CONNECTOR_FILES).map((name) => `${prefix}${name}`);
  const listing = await runGit(['ls-tree', '-l', '-z', '--full-tree', sha, '--', ...names], { cwd: topLevel! });
  if (listing.exitCode !== 0)
    throw new UserError(`git could not list ${ref}: ${listing.stderr.trim()}`, { exitCode: USAGE_ERROR });
  const blobs: Array<{ key: ConnectorFileKey; object: string; size: number }> = [];
  for (const entry of listing.stdout.split('\0').filter(Boolean)) {
    const match = /^\d+ blob ([0-9a-f]+)\s+(\d+)\t(.*)$/s.exec(entry);
    if (!match) continue;
    const key = (Object.keys(CONNECTOR_FILES) as ConnectorFileKey[]).find(
      (k) => `${prefix}${CONNECTOR_FILES[k]}` === match[3],
    );
    if (!key) continue;
    const size = Number(match[2]);
    if (size > MAX_CONNECTOR_FILE_BYTES) throw tooLarge(`${ref}:${match[3]}`, size);
    blobs.push({ key, object: match[1]!, size });
  }

  const raw: RawFiles = {};
  if (blobs.length > 0) {
    const contents = await runGitBinary(['cat-file', '--batch'], {
      cwd: topLevel!,
      input: blobs.map((blob) => `${blob.object}\n`).join(''),
    });
    if (contents.exitCode !== 0)
      throw new UserError(`git could not read ${ref}: ${contents.stderr.trim()}`, {
        exitCode: USAGE_ERROR,
      });
    // Each answer is "<object> blob <size>\n<content>\n", in the order asked.
    const out = Buffer.from(contents.stdout);
    let offset = 0;
    for (const blob of blobs) {
      const headerEnd = out.indexOf(0x0a, offset);
      offset = headerEnd + 1;
      raw[blob.key] = out.subarray(offset, offset + blob.size);
      offset += blob.size + 1;
    }
  }
  return snapshot(prefix === '' ? ref : `${ref}:${prefix.replace(/\/$/, '')}`, raw);
}

function snapshot(label: string, raw: RawFiles): ConnectorSnapshot {
  if (!raw.definition) {
    throw new UserError(`${label} is not a connector folder: it has no ${CONNECTOR_FILES.definition}.`, {
      hint: 'Compare folders that hold apiDefinition.swagger.json and apiProperties.json (and a ref at which the folder already held them).',
      exitCode: USAGE_ERROR,
    });
  }
  const parse = (key: 'definition' | 'properties'): Record<string, unknown> => {
    const buffer = raw[key];
    if (!buffer) return {};
    const document = parseLeniently(buffer);
    if (document.parseError) {
      const { line, column, message } = document.parseError;
      throw new UserError(
        `${CONNECTOR_FILES[key]} in ${label} is not valid JSON: ${message} at line ${line}, column ${column}.`,
        {
          hint: '`acs-connector validate` on that folder explains JSON problems; fix it before comparing.',
          exitCode: USAGE_ERROR,
        },
      );
    }
    const value = document.value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new UserError(`${CONNECTOR_FILES[key]} in ${label} must hold a JSON object.`, { exitCode: USAGE_ERROR });
    }
    return value as Record<string, unknown>;
  };
  return {
    label,
    definition: parse('definition'),
    properties: parse('properties'),
    ...(raw.script ? { script: raw.script } : {}),
    ...(raw.icon ? { icon: raw.icon } : {}),
  };
}

/**
 * Certified connectors include definitions with trailing commas that the platform took; diff
 * compares them rather than refusing (`validate` still reports them). Other faults are refused.
 */
function parseLeniently(buffer: Buffer): {
  value?: unknown;
  parseError?: { line: number; column: number; message: string };
} {
  const strict = parseJsonDocument(buffer);
  if (!strict.parseError) return strict;
  const errors: ParseError[] = [];
  const value: unknown = parse(buffer.toString('utf8').replace(/^\uFEFF/, ''), errors, {
    allowTrailingComma: true,
    disallowComments: true,
  });
  return errors.length === 0 ? { value } : strict;
}

async function isFolder(dir: string): Promise<boolean> {
  return stat(dir).then(
    (info) => info.isDirectory(),
    () => false,
  );
}

function tooLarge(file: string, size: number): UserError {
  return new UserError(
    `${file} holds ${size} bytes, more than the ${formatBytes(MAX_CONNECTOR_FILE_BYTES)} diff reads.`,
    {
      hint: 'A connector file that large is not one Power Platform accepts; check that the path is right.',
      exitCode: USAGE_ERROR,
    },
  );
}
