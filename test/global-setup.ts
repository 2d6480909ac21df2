import { execa } from 'execa';
import { REPOSITORY_ROOT } from '../src/shared/paths.ts';
import { ensureHostBuilt } from '../src/script-host/build.ts';

/**
 * Compiles the CLI that tests run as a process (the same bundle users run; built here once so
 * parallel tests do not all rebuild it), and builds the .NET script host once, before any test
 * worker needs either.
 */
export default async function setup(): Promise<void> {
  await execa(process.execPath, ['scripts/build-cli.js'], { cwd: REPOSITORY_ROOT, stdout: 'ignore', stderr: 'inherit' });
  await ensureHostBuilt({ onProgress: (message) => process.stderr.write(`${message}\n`) });
}
