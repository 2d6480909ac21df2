/** TypeScript side of the .NET script host: builds it, checks scripts, serves executions. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { UserError } from '../shared/errors.ts';
import { writeFileAtomic } from '../shared/atomic-write.ts';

export interface ScriptDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  id: string;
  message: string;
}

export interface ScriptRequest {
  operationId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** UTF-8 text of the body; null or absent means no content. */
  body?: string | null;
}

export interface ScriptResponse {
  status: number;
  /** Response and content headers, names in lower case; multi-valued headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  logs: string[];
  /** Time the script took, from creating the Script to its answer (excludes the JSON lines transport). */
  durationMs: number;
}

export interface ScriptHost {
  execute(request: ScriptRequest): Promise<ScriptResponse>;
  close(): Promise<void>;
  /** Host process start plus compilation (or loading the cached compiled script), until it was ready to serve. */
  readonly coldStartMs: number;
  /** Process id of the host (diagnostics, and tests that the host ends with its parent). */
  readonly pid: number;
}

export interface StartOptions {
  scriptPath: string;
  /** Answer the script's SendAsync in-process with a canned 200 (benchmarks: no network). */
  loopbackSend?: boolean;
  /** Execution limit; the platform's is 5000 ms. */
  timeoutMs?: number;
  /** Compile even when the host has this script's compiled form cached (to measure a true cold start); the result is cached. */
  noCache?: boolean;
  /** How long start-up (host start + compile) may take before the host is stopped and an error raised. */
  startTimeoutMs?: number;
}

/** Generous: a cold compile takes 4-9 s on a busy two-core machine. */
const DEFAULT_START_TIMEOUT_MS = 120_000;
/** Check mode compiles twice at most; anything far beyond that is a hang. */
const CHECK_TIMEOUT_MS = 120_000;

const projectDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ScriptHost');
const outputDir = path.join(projectDir, 'bin', 'Release', 'net10.0');
const hostDll = path.join(outputDir, 'ScriptHost.dll');
const stampFile = path.join(outputDir, 'source-hash.txt');
const lockDir = path.join(projectDir, 'bin', 'build.lock');
/** Also the longest a build may run: a lock older than any build's limit is abandoned. */
const staleLockMs = 10 * 60_000;
/** Built into the host from outside its project folder. */
const sharedInputs = [path.join(projectDir, '..', '..', 'shared', 'supported-namespaces.json')];

/** Hash of every source file of the host project: a changed source means a rebuild. */
async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const names = (await readdir(projectDir)).filter((name) => name.endsWith('.cs') || name.endsWith('.csproj')).sort();
  for (const file of [...names.map((name) => path.join(projectDir, name)), ...sharedInputs]) {
    hash.update(path.basename(file)).update('\0').update(await readFile(file)).update('\0');
  }
  return hash.digest('hex');
}

async function isBuildCurrent(expectedHash: string): Promise<boolean> {
  if (!existsSync(hostDll)) return false;
  try {
    return (await readFile(stampFile, 'utf8')).trim() === expectedHash;
  } catch {
    return false;
  }
}

/** Builds the host with `dotnet build` unless the current sources were built already. Safe to call concurrently. */
export async function ensureHostBuilt(options?: { onProgress?: (message: string) => void }): Promise<void> {
  const expected = await sourceHash();
  if (await isBuildCurrent(expected)) return;
  const onProgress = options?.onProgress ?? ((message: string) => process.stderr.write(`${message}\n`));

  await withBuildLock(async () => {
    // Another process may have built it while this one waited for the lock.
    if (await isBuildCurrent(expected)) return;
    onProgress('Building the .NET script host (first run only)…');
    const started = performance.now();
    const result = await execa(
      'dotnet',
      ['build', path.join(projectDir, 'ScriptHost.csproj'), '-c', 'Release', '-nologo', '-v', 'q',
        // No MSBuild nodes or compiler server left running after the build.
        '-nodeReuse:false', '-p:UseSharedCompilation=false'],
      {
        reject: false, all: true, timeout: staleLockMs, forceKillAfterDelay: 2000,
        env: { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' },
      },
    ).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (result === undefined || (result.failed && result.exitCode === undefined && !result.timedOut)) {
      throw new UserError('The .NET SDK (`dotnet`) was not found, and the script host needs it.', {
        hint: 'Install the .NET SDK 10 (https://dot.net) and make sure `dotnet` is on PATH.',
      });
    }
    if (result.timedOut) {
      throw new UserError(`Building the .NET script host did not finish within ${staleLockMs / 60_000} minutes; the build was stopped.`, {
        hint: `Run \`dotnet build ${path.relative(process.cwd(), projectDir)} -c Release\` to see where it stalls (often a NuGet restore waiting on the network).`,
      });
    }
    if (result.exitCode !== 0) {
      const tail = (result.all ?? '').split('\n').filter((line) => /error|warn/i.test(line)).slice(-15).join('\n');
      throw new UserError(`Building the .NET script host failed (dotnet build exit code ${result.exitCode}).\n${tail}`, {
        hint: `Run \`dotnet build ${path.relative(process.cwd(), projectDir)} -c Release\` to see the full output; NuGet packages must be restorable.`,
      });
    }
    await writeFileAtomic(stampFile, `${expected}\n`);
    onProgress(`Built the .NET script host in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
  }, () => onProgress('Waiting for another process that is building the .NET script host…'));
}

/** A directory as lock (mkdir is atomic); a lock whose owner died or that is very old is taken over. */
async function withBuildLock<T>(work: () => Promise<T>, onWait: () => void): Promise<T> {
  await mkdir(path.dirname(lockDir), { recursive: true });
  for (let waited = false; ; waited = true) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!waited) onWait();
      if (await isLockStale()) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await writeFile(path.join(lockDir, 'pid'), String(process.pid));
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function isLockStale(): Promise<boolean> {
  try {
    const info = await stat(lockDir);
    if (Date.now() - info.mtimeMs > staleLockMs) return true;
    const pid = Number(await readFile(path.join(lockDir, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false; // owner still writing its pid
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH'; // owner process is gone
  }
}

function requireScript(scriptPath: string): string {
  const absolute = path.resolve(scriptPath);
  // A wrong --script is a usage error (exit 2), told apart from a script with errors (exit 1).
  const options = { hint: 'Pass the path of the connector\'s script.csx file with --script.', exitCode: 2 };
  if (!existsSync(absolute)) throw new UserError(`The script file ${scriptPath} does not exist.`, options);
  if (!statSync(absolute).isFile()) throw new UserError(`${scriptPath} is a folder, not a script file.`, options);
  return absolute;
}

/** The last few lines the host wrote to stderr: enough to explain a failure, not a flood of script output. */
function stderrTail(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n');
}

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

interface HostAnswer extends ScriptResponse {
  id: number;
}

/** Starts one long-lived host that has compiled the script; resolves once it is ready to serve. */
export async function startScriptHost(options: StartOptions): Promise<ScriptHost> {
  const absolute = requireScript(options.scriptPath);
  await ensureHostBuilt();
  const args = [hostDll, 'serve', '--script', absolute];
  if (options.loopbackSend) args.push('--loopback-send');
  if (options.timeoutMs !== undefined) args.push('--timeout-ms', String(options.timeoutMs));
  if (options.noCache) args.push('--no-cache');

  const started = performance.now();
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  // When this process dies, the host's stdin closes and it exits after its running executions.
  const child = spawn('dotnet', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Promise<ScriptHost>((resolve, reject) => {
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    const pending = new Map<number, { resolve: (r: ScriptResponse) => void; reject: (e: Error) => void }>();
    let ready = false;
    let exited = false;
    const fail = (error: Error) => {
      clearTimeout(startTimer);
      reject(error);
    };
    const startTimer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new UserError(`The script host did not become ready within ${startTimeoutMs / 1000} s (starting and compiling ${options.scriptPath}); it was stopped.`, {
        hint: 'Try again on a less busy machine; `acs-connector check-script --script <path>` shows whether the script compiles.',
      }));
    }, startTimeoutMs);

    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let message: { type?: string; id?: number; diagnostics?: ScriptDiagnostic[] };
      try {
        message = JSON.parse(line) as typeof message;
      } catch {
        return; // not a protocol line
      }
      if (message.type === 'ready') {
        ready = true;
        clearTimeout(startTimer);
        holdProcessOpen(child, false);
        resolve(makeHost(child, pending, performance.now() - started, () => exited));
      } else if (message.type === 'failed') {
        const findings = (message.diagnostics ?? [])
          .map((d) => `${path.relative(process.cwd(), d.file)}:${d.line}:${d.column}: ${d.severity} ${d.id}: ${d.message}`)
          .join('\n');
        fail(new UserError(`The script ${options.scriptPath} does not compile:\n${findings}`, {
          hint: 'Run `acs-connector check-script --script <path>` for the platform\'s view of the script.',
        }));
      } else if (typeof message.id === 'number') {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (pending.size === 0) holdProcessOpen(child, false);
        const { id: _id, ...response } = message as HostAnswer;
        waiter?.resolve(response);
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      exited = true;
      fail(error.code === 'ENOENT'
        ? new UserError('The .NET SDK (`dotnet`) was not found, and the script host needs it.', { hint: 'Install the .NET SDK 10 and put `dotnet` on PATH.' })
        : error);
    });
    child.on('exit', (code, signal) => {
      exited = true;
      const how = code === null ? `signal ${signal}` : `exit code ${code}`;
      const detail = stderrTail(stderr);
      const failure = new UserError(`The script host for ${options.scriptPath} stopped (${how})${detail ? `: ${detail}` : '.'}`, {
        hint: 'Run `acs-connector check-script --script <path>` to see whether the script compiles, then try again.',
      });
      if (!ready) fail(failure);
      for (const waiter of pending.values()) waiter.reject(failure);
      pending.clear();
    });
  });
}

/**
 * An idle host does not keep this process alive, so a caller that forgets close() still exits;
 * its exit closes the host's stdin and the host ends too. Executions in flight hold it open.
 */
function holdProcessOpen(child: ChildProcessWithoutNullStreams, hold: boolean): void {
  for (const handle of [child, child.stdin, child.stdout, child.stderr] as Array<{ ref?: () => void; unref?: () => void }>) {
    if (hold) handle.ref?.();
    else handle.unref?.();
  }
}

function makeHost(
  child: ChildProcessWithoutNullStreams,
  pending: Map<number, { resolve: (r: ScriptResponse) => void; reject: (e: Error) => void }>,
  coldStartMs: number,
  hasExited: () => boolean,
): ScriptHost {
  let nextId = 1;
  return {
    coldStartMs,
    pid: child.pid!,
    execute(request: ScriptRequest): Promise<ScriptResponse> {
      if (hasExited()) return Promise.reject(new Error('The script host has stopped.'));
      const id = nextId++;
      return new Promise<ScriptResponse>((resolve, reject) => {
        if (pending.size === 0) holdProcessOpen(child, true);
        pending.set(id, { resolve, reject });
        child.stdin.write(`${JSON.stringify({ id, ...request, body: request.body ?? null })}\n`);
      });
    },
    async close(): Promise<void> {
      if (hasExited()) return;
      holdProcessOpen(child, true);
      const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      // End of input: the host finishes what is running (at most its time limit) and exits.
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}
