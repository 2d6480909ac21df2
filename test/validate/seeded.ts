/**
 * Seeded defects for the catalog table (catalog.test.ts): a small edit of a copy of a valid
 * connector folder, judged in memory, so hundreds of rows run in a few seconds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONNECTOR_FILES, type ConnectorFileKey } from '../../src/connector-folder/index.ts';
import { MINIMAL_FIXTURE, REPO_ROOT } from './helpers.ts';

// Fixtures are edited freely, so their JSON is untyped on purpose.
type Json = any;

/** One edit in the manner of JSON Patch: add (an array index, or "-" to append), replace, remove. */
export type Patch = ['add' | 'replace', string, unknown] | ['remove', string];

/** The folders rows start from: the project's own package (passes --strict) and the minimal fixture. */
export const BASES = { package: REPO_ROOT, minimal: MINIMAL_FIXTURE } as const;
export type Base = keyof typeof BASES;

const baseFiles = new Map<Base, Partial<Record<ConnectorFileKey, Buffer>>>();

/** A base folder's files, read once per test file. */
export function filesOf(base: Base): Partial<Record<ConnectorFileKey, Buffer>> {
  let files = baseFiles.get(base);
  if (!files) {
    files = {};
    for (const key of Object.keys(CONNECTOR_FILES) as ConnectorFileKey[])
      files[key] = readFileSync(path.join(BASES[base], CONNECTOR_FILES[key]));
    baseFiles.set(base, files);
  }
  return files;
}

const unescape = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** Applies patches to a copy of `document`; a path that does not lead anywhere fails the test loudly. */
export function applyPatches(document: Json, patches: readonly Patch[]): Json {
  const copy = structuredClone(document);
  for (const patch of patches) {
    const segments = patch[1].split('/').slice(1).map(unescape);
    const last = segments.pop()!;
    let holder = copy;
    for (const segment of segments) {
      holder = holder?.[segment];
      if (holder === undefined || holder === null) throw new Error(`seed: ${patch[1]} does not exist`);
    }
    if (patch[0] === 'remove') {
      if (Array.isArray(holder)) holder.splice(Number(last), 1);
      else delete holder[last];
    } else if (Array.isArray(holder) && patch[0] === 'add') {
      holder.splice(last === '-' ? holder.length : Number(last), 0, patch[2]);
    } else {
      holder[last] = patch[2];
    }
  }
  return copy;
}

/** The base's files with the definition (and properties) edited. */
export function seeded(
  base: Base,
  edits: { definition?: readonly Patch[]; properties?: readonly Patch[] },
): Partial<Record<ConnectorFileKey, Buffer>> {
  const files = { ...filesOf(base) };
  for (const key of ['definition', 'properties'] as const) {
    const patches = edits[key];
    if (!patches) continue;
    const document = JSON.parse(files[key]!.toString('utf8'));
    files[key] = Buffer.from(JSON.stringify(applyPatches(document, patches), null, 2));
  }
  return files;
}
