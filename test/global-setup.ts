import { execa } from 'execa';
import { CONNECTOR_SCRIPT } from '../src/connector-folder/index.ts';
import { REPOSITORY_ROOT } from '../src/shared/paths.ts';
import { ensureHostBuilt } from '../src/script-host/build.ts';
import { checkScript } from '../src/script-host/check.ts';
import { startScriptHost } from '../src/script-host/serve.ts';

/**
 * Compiles the CLI that tests run as a process (the same bundle users run; built here once so
 * parallel tests do not all rebuild it), builds the .NET script host once, and fills the host's
 * compile cache for the connector's script.csx, which a dozen test files run or check: left cold,
 * the first files to start would each compile it with Roslyn at the same time.
 */
export default async function setup(): Promise<void> {
  await execa(process.execPath, ['scripts/build-cli.js'], {
    cwd: REPOSITORY_ROOT,
    stdout: 'ignore',
    stderr: 'inherit',
  });
  await ensureHostBuilt({ onProgress: (message) => process.stderr.write(`${message}\n`) });
  // A script that does not compile is the tests' finding to report, not the set-up's.
  const warmServe = startScriptHost({ scriptPath: CONNECTOR_SCRIPT }).then(
    (host) => host.close(),
    () => undefined,
  );
  await Promise.all([warmServe, checkScript(CONNECTOR_SCRIPT).catch(() => undefined)]);
}
