import { fileURLToPath } from 'node:url';

/** The repository root, which is also the connector folder Power Platform receives. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The CLI's entry point, for benchmarks and tests that run it as a separate process. */
export const CLI_ENTRY = fileURLToPath(new URL('../../bin/acs-connector.js', import.meta.url));

/** The connector's own script, run when no other is given. */
export const CONNECTOR_SCRIPT = fileURLToPath(new URL('../../script.csx', import.meta.url));
