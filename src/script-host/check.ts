/** Check mode: compiles a script in a short-lived host process and returns its findings. */
import { execa } from 'execa';
import { UserError } from '../shared/errors.ts';
import { ensureHostBuilt, hostDll } from './build.ts';
import { requireScript, stderrTail } from './invocation.ts';
import type { ScriptDiagnostic } from './protocol.ts';

/** Check mode compiles twice at most; anything far beyond that is a hang. */
const CHECK_TIMEOUT_MS = 120_000;

/**
 * Compiles the script as Power Platform would (C# 10, .NET Framework 4.8, supported namespaces) and
 * returns every error and warning; `file` is the path as given.
 */
export async function checkScript(scriptPath: string): Promise<ScriptDiagnostic[]> {
  const absolute = requireScript(scriptPath);
  await ensureHostBuilt();
  const result = await execa('dotnet', [hostDll, 'check', '--script', absolute, '--json'], {
    reject: false, timeout: CHECK_TIMEOUT_MS, forceKillAfterDelay: 2000,
  });
  if (result.timedOut) {
    throw new UserError(`Checking ${scriptPath} did not finish within ${CHECK_TIMEOUT_MS / 1000} s; the script host was stopped.`, {
      hint: 'Try again on a less busy machine; if it keeps happening, run `acs-connector check-script` alone and report it.',
    });
  }
  if (result.exitCode !== 0 && result.exitCode !== 1) {
    throw new UserError(`The script host could not check ${scriptPath}: ${stderrTail(result.stderr) || `exit code ${result.exitCode}`}`);
  }
  let diagnostics: ScriptDiagnostic[];
  try {
    diagnostics = JSON.parse(result.stdout) as ScriptDiagnostic[];
  } catch {
    throw new UserError(`The script host's findings for ${scriptPath} could not be read (its output is not the expected JSON).`, {
      hint: 'Rebuild the host with `dotnet build src/script-host/ScriptHost -c Release` and try again; if it persists, report it.',
    });
  }
  return diagnostics.map((d) => (d.file === absolute ? { ...d, file: scriptPath } : d));
}
