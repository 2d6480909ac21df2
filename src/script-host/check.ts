/** Check mode: compiles scripts in one short-lived host process and returns their findings. */
import { createHash } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { UserError } from '../shared/errors.ts';
import { CACHE_DIR } from '../shared/paths.ts';
import { ensureHostBuilt, hostDll } from './build.ts';
import { requireScript, stderrTail } from './invocation.ts';
import { checkArguments, scriptCheckResults, type ScriptCheckResult, type ScriptDiagnostic } from './protocol.ts';

/** Start-up and the shared references take seconds; each script a fraction to a few seconds more. */
const CHECK_TIMEOUT_MS = 120_000;
const CHECK_TIMEOUT_PER_SCRIPT_MS = 10_000;

/**
 * Compiles each script as Power Platform would (C# 10, .NET Framework 4.8, supported namespaces
 * imported implicitly) in one host process, and returns each script's errors and warnings in the
 * order given; `file` and `script` are the paths as given.
 */
export async function checkScripts(
  scriptPaths: string[],
  options: { noCache?: boolean } = {},
): Promise<ScriptCheckResult[]> {
  if (scriptPaths.length === 0) return [];
  const absolute = scriptPaths.map(requireScript);
  const hostBuild = await ensureHostBuilt();
  // The same scripts checked by the same host build give the same findings: served from a cache
  // file, a repeated `validate` does not start .NET at all (a few hundred ms).
  const cacheFile = path.join(CACHE_DIR, 'script-checks', `${await checkKey(hostBuild, absolute)}.json`);
  if (!options.noCache) {
    const cached = await readFile(cacheFile, 'utf8').then(
      (text) => JSON.parse(text) as ScriptCheckResult[],
      () => undefined,
    );
    if (Array.isArray(cached) && cached.length === scriptPaths.length)
      return relativeToGiven(cached, scriptPaths, absolute);
  }
  const args = [hostDll, 'check', ...checkArguments(), ...absolute.flatMap((file) => ['--script', file]), '--json'];
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
    throw new UserError(
      `The script host could not check ${what}: ${stderrTail(result.stderr) || `exit code ${result.exitCode}`}`,
    );
  }
  let results: ScriptCheckResult[];
  try {
    results = scriptCheckResults.parse(JSON.parse(result.stdout));
    if (results.length !== scriptPaths.length) throw new Error('unexpected shape');
  } catch {
    throw new UserError(
      `The script host's findings for ${what} could not be read (its output is not the expected JSON).`,
      {
        hint: 'Rebuild the host with `dotnet build src/script-host/ScriptHost -c Release` and try again; if it persists, report it.',
      },
    );
  }
  // An unreadable script is not cached: it may be readable next time.
  if (results.every((entry) => !entry.error)) {
    await mkdir(path.dirname(cacheFile), { recursive: true })
      .then(() => writeFileAtomic(cacheFile, JSON.stringify(results)))
      .catch(() => undefined); // a read-only checkout checks every time
  }
  return relativeToGiven(results, scriptPaths, absolute);
}

function relativeToGiven(results: ScriptCheckResult[], scriptPaths: string[], absolute: string[]): ScriptCheckResult[] {
  return results.map((entry, index) => ({
    script: scriptPaths[index]!,
    diagnostics: entry.diagnostics.map((d) => (d.file === absolute[index] ? { ...d, file: scriptPaths[index]! } : d)),
    ...(entry.error ? { error: entry.error } : {}),
  }));
}

/**
 * Names a check: the host build, and each script's path (findings name it), size and modification
 * time (stat only: a changed script, or one checked out anew, gets a new name; nothing is read).
 */
async function checkKey(hostBuild: string, absolutePaths: string[]): Promise<string> {
  const hash = createHash('sha256').update(hostBuild);
  for (const file of absolutePaths) {
    const info = await stat(file, { bigint: true }).catch(() => undefined);
    hash.update(`\0${file}\0${info ? `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : 'unreadable'}`);
  }
  return hash.digest('hex').slice(0, 32);
}

/** One script: its findings, or a UserError when it cannot be read. */
export async function checkScript(scriptPath: string): Promise<ScriptDiagnostic[]> {
  const [result] = await checkScripts([scriptPath]);
  if (result!.error) throw new UserError(`The script host could not check ${scriptPath}: ${result!.error}`);
  return result!.diagnostics;
}
