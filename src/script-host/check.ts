/** Check mode: compiles scripts in one short-lived host process and returns their findings. */
import { execa } from 'execa';
import { UserError } from '../shared/errors.ts';
import { ensureHostBuilt, hostDll } from './build.ts';
import { requireScript, stderrTail } from './invocation.ts';
import type { ScriptCheckResult, ScriptDiagnostic } from './protocol.ts';

/** Start-up and the shared references take seconds; each script a fraction to a few seconds more. */
const CHECK_TIMEOUT_MS = 120_000;
const CHECK_TIMEOUT_PER_SCRIPT_MS = 10_000;

/**
 * Compiles each script as Power Platform would (C# 10, .NET Framework 4.8, supported namespaces
 * imported implicitly) in one host process, and returns each script's errors and warnings in the
 * order given; `file` and `script` are the paths as given.
 */
export async function checkScripts(scriptPaths: string[], options: { noCache?: boolean } = {}): Promise<ScriptCheckResult[]> {
  if (scriptPaths.length === 0) return [];
  const absolute = scriptPaths.map(requireScript);
  await ensureHostBuilt();
  const args = [hostDll, 'check', ...absolute.flatMap((file) => ['--script', file]), '--json'];
  if (options.noCache) args.push('--no-cache');
  const timeout = CHECK_TIMEOUT_MS + CHECK_TIMEOUT_PER_SCRIPT_MS * (scriptPaths.length - 1);
  const what = scriptPaths.length === 1 ? scriptPaths[0] : `${scriptPaths.length} scripts`;
  const result = await execa('dotnet', args, { reject: false, timeout, forceKillAfterDelay: 2000 });
  if (result.timedOut) {
    throw new UserError(`Checking ${what} did not finish within ${timeout / 1000} s; the script host was stopped.`, {
      hint: 'Try again on a less busy machine; if it keeps happening, run `acs-connector check-script` alone and report it.',
    });
  }
  if (result.exitCode !== 0 && result.exitCode !== 1) {
    throw new UserError(`The script host could not check ${what}: ${stderrTail(result.stderr) || `exit code ${result.exitCode}`}`);
  }
  let results: ScriptCheckResult[];
  try {
    results = JSON.parse(result.stdout) as ScriptCheckResult[];
    if (!Array.isArray(results) || results.length !== scriptPaths.length) throw new Error('unexpected shape');
  } catch {
    throw new UserError(`The script host's findings for ${what} could not be read (its output is not the expected JSON).`, {
      hint: 'Rebuild the host with `dotnet build src/script-host/ScriptHost -c Release` and try again; if it persists, report it.',
    });
  }
  return results.map((entry, index) => ({
    script: scriptPaths[index]!,
    diagnostics: entry.diagnostics.map((d) => (d.file === absolute[index] ? { ...d, file: scriptPaths[index]! } : d)),
    ...(entry.error ? { error: entry.error } : {}),
  }));
}

/** One script: its findings, or a UserError when it cannot be read. */
export async function checkScript(scriptPath: string): Promise<ScriptDiagnostic[]> {
  const [result] = await checkScripts([scriptPath]);
  if (result!.error) throw new UserError(`The script host could not check ${scriptPath}: ${result!.error}`);
  return result!.diagnostics;
}
