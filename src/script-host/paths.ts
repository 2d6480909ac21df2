import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The connector's own script, used when no --script is given. */
export const defaultScriptPath = path.join(repoRoot, 'script.csx');
