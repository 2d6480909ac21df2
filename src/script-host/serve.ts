/** The persistent serving host: one process that has compiled the script answers requests over JSON lines. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { UserError } from '../shared/errors.ts';
import { ensureHostBuilt, hostDll } from './build.ts';
import { requireScript, stderrTail } from './invocation.ts';
import type { HostAnswer, HostStatus, ScriptHost, ScriptRequest, ScriptResponse, StartOptions } from './protocol.ts';

/** Generous: a cold compile takes 4-9 s on a busy two-core machine. */
const DEFAULT_START_TIMEOUT_MS = 120_000;

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
      let message: Partial<HostStatus> & { id?: number };
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
