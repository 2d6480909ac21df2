import { fileURLToPath } from 'node:url';

/** The repository root, which is also the connector folder Power Platform receives. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));
