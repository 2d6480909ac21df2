import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository root, which is also the connector folder Power Platform receives: the nearest
 * folder above this module with a package.json, whether it runs from src/ or from the compiled
 * bundle in .build/.
 */
export const REPOSITORY_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/** Caches the tools rebuild when missing (compiled validators, script check results); git-ignored. */
export const CACHE_DIR = join(REPOSITORY_ROOT, '.cache');

/** The CLI's entry point, for benchmarks and tests that run it as a separate process. */
export const CLI_ENTRY = join(REPOSITORY_ROOT, 'bin', 'acs-connector.js');

/**
 * Microsoft's published material beside the clone (CI lays `shared/` next to it): the certified
 * connectors in `corpus/` and the schemas and REST specification in `reference/`. Read where it
 * is, never copied into the project; tests that need it skip without it.
 */
export const SHARED_MATERIAL_DIR = join(REPOSITORY_ROOT, '..', 'shared');
export const CORPUS_DIR = join(SHARED_MATERIAL_DIR, 'corpus');
export const REFERENCE_DIR = join(SHARED_MATERIAL_DIR, 'reference');
