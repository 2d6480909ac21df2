import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, which is also the connector folder Power Platform receives. */
export const REPOSITORY_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

/** The CLI's entry point, for benchmarks and tests that run it as a separate process. */
export const CLI_ENTRY = join(REPOSITORY_ROOT, 'bin', 'acs-connector.js');

/** The connector's own script, run when no other is given. */
export const CONNECTOR_SCRIPT = join(REPOSITORY_ROOT, 'script.csx');
