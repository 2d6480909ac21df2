/**
 * The persistent serving host: one process that has compiled the script answers requests over JSON
 * lines, supervised from here. Whatever the script does (spin, allocate, exit, overflow its stack),
 * every request gets an answer within the script's limit plus a grace, and the next request gets a
 * working host: a host that lost control of a script is recycled (killed and started again on demand).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { UserError } from '../shared/errors.ts';
import { ensureHostBuilt, hostDll } from './build.ts';
import { formatDiagnostic, requireScript, stderrTail } from './invocation.ts';
import type { HostAnswer, HostStatus, ScriptHost, ScriptRequest, ScriptResponse, StartOptions } from './protocol.ts';

/** Generous: a cold compile takes 4-9 s on a busy two-core machine. */
const DEFAULT_START_TIMEOUT_MS = 120_000;
/** The platform stops custom code after 5 s. */
const DEFAULT_TIMEOUT_MS = 5_000;
/**
 * Added to the script's limit for the host's own answer to arrive before this side answers 504
 * itself: generous, so that a busy machine (requests queued, CPU starved) is not taken for a lost host.
 */
export const DEADLINE_GRACE_MS = 5_000;
/** The host's .NET heap is capped, so a script that allocates without end fails with OutOfMemoryException. */
export const HOST_HEAP_LIMIT_BYTES = 512 * 1024 * 1024;
/** Request and response bodies above this are refused with a clear answer (the host enforces it for responses). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Descriptors of the protocol in the host: requests in on 3, answers and status lines out on 4. */
const REQUESTS_FD = 3;
const ANSWERS_FD = 4;

/** Starts one long-lived host that has compiled the script; resolves once it is ready to serve. */
export async function startScriptHost(options: StartOptions): Promise<ScriptHost> {
  const absolute = requireScript(options.scriptPath);
  await ensureHostBuilt();
  const started = performance.now();
  const first = await HostProcess.start(absolute, options);
  return new SupervisedHost(absolute, options, first, performance.now() - started);
}

type Waiter = { resolve: (response: ScriptResponse) => void; timer: NodeJS.Timeout };

/** Keeps one working host process and replaces it when it ends or loses control of a script. */
class SupervisedHost implements ScriptHost {
  #current: Promise<HostProcess> | undefined;
  #closed = false;

  constructor(
    private readonly scriptPath: string,
    private readonly options: StartOptions,
    first: HostProcess,
    readonly coldStartMs: number,
  ) {
    this.#current = Promise.resolve(first);
    this.#pid = first.pid;
  }

  #pid: number;
  get pid(): number {
    return this.#pid;
  }

  async execute(request: ScriptRequest): Promise<ScriptResponse> {
    if (this.#closed) throw new Error('The script host was closed.');
    const size = Buffer.byteLength(request.body ?? '');
    if (size > MAX_BODY_BYTES) {
      return errorAnswer(
        413,
        'RequestTooLarge',
        `The request body is ${size} bytes; the script host accepts at most ${MAX_BODY_BYTES / (1024 * 1024)} MiB.`,
      );
    }
    const current = this.#host();
    let host = await current;
    if (!host.usable) {
      // Replaced once, however many calls noticed at the same time.
      if (this.#current === current) this.#current = undefined;
      host = await this.#host();
    }
    return host.execute(request);
  }

  #host(): Promise<HostProcess> {
    if (!this.#current) {
      const starting = HostProcess.start(this.scriptPath, this.options);
      this.#current = starting;
      // A failed start is reported to this call; the next call tries again.
      starting.then(
        (host) => (this.#pid = host.pid),
        () => {
          if (this.#current === starting) this.#current = undefined;
        },
      );
    }
    return this.#current;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const current = this.#current;
    this.#current = undefined;
    await (await current?.catch(() => undefined))?.close();
  }
}

/** One host process. */
class HostProcess {
  private readonly pending = new Map<number, Waiter>();
  private nextId = 1;
  private exited = false;
  /** Set once the process may take no more requests (stuck, crashed, closing). */
  private retired = false;
  /** What the host said before it ended: one line, no stack frames. */
  private crash: string | undefined;
  /** Why this side ended the host, when it did. */
  private recycledBecause: string | undefined;
  private stderr = '';
  private readonly requests: Writable;

  private constructor(
    private readonly child: ChildProcess,
    private readonly timeoutMs: number,
    private readonly scriptPath: string,
  ) {
    this.requests = child.stdio[REQUESTS_FD] as Writable;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get usable(): boolean {
    return !this.exited && !this.retired;
  }

  static start(absolute: string, options: StartOptions): Promise<HostProcess> {
    const args = [hostDll, 'serve', '--script', absolute];
    if (options.loopbackSend) args.push('--loopback-send');
    if (options.timeoutMs !== undefined) args.push('--timeout-ms', String(options.timeoutMs));
    if (options.noCache) args.push('--no-cache');
    const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    // The script gets an empty stdin, and its stdout is the log; the protocol has fds 3 and 4.
    // When this process dies, fd 3 closes and the host exits after its running executions.
    const child = spawn('dotnet', args, {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
      env: { ...process.env, DOTNET_GCHeapHardLimit: `0x${HOST_HEAP_LIMIT_BYTES.toString(16)}` },
    });
    const host = new HostProcess(child, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.scriptPath);
    return host.#waitUntilReady(startTimeoutMs);
  }

  #waitUntilReady(startTimeoutMs: number): Promise<HostProcess> {
    const { child } = this;
    return new Promise<HostProcess>((resolve, reject) => {
      let ready = false;
      const fail = (error: Error) => {
        clearTimeout(startTimer);
        reject(error);
      };
      const startTimer = setTimeout(() => {
        child.kill('SIGKILL');
        fail(
          new UserError(
            `The script host did not become ready within ${startTimeoutMs / 1000} s (starting and compiling ${this.scriptPath}); it was stopped.`,
            {
              hint: 'Try again on a less busy machine; `acs-connector check-script --script <path>` shows whether the script compiles.',
            },
          ),
        );
      }, startTimeoutMs);

      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        this.stderr = (this.stderr + chunk).slice(-4000);
      });
      // The script's Console output: the host's log, shown only when debugging.
      child.stdout!.on('data', (chunk: Buffer) => {
        if (process.env.ACS_CONNECTOR_DEBUG) process.stderr.write(chunk);
      });

      createInterface({ input: child.stdio[ANSWERS_FD] as Readable }).on('line', (line) => {
        let message: Partial<HostStatus> & { type?: string; id?: number; message?: string };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          return; // not a protocol line
        }
        if (message.type === 'ready') {
          ready = true;
          clearTimeout(startTimer);
          this.#holdProcessOpen(false);
          resolve(this);
        } else if (message.type === 'failed') {
          const findings = (message.diagnostics ?? [])
            .map((d) => formatDiagnostic({ ...d, file: path.relative(process.cwd(), d.file) }))
            .join('\n');
          fail(
            new UserError(`The script ${this.scriptPath} does not compile:\n${findings}`, {
              hint: "Run `acs-connector check-script --script <path>` for the platform's view of the script.",
            }),
          );
        } else if (message.type === 'crashed') {
          this.crash = String(message.message ?? 'the script host ended');
        } else if (message.type === 'stuck') {
          // A timed-out script is still running (spinning, blocking, allocating): only ending the process stops it.
          this.#recycle(`another execution on this host (id ${message.id}) kept running after its time limit`);
        } else if (typeof message.id === 'number') {
          const { id: _id, ...response } = message as HostAnswer;
          this.#settle(message.id, response);
        }
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        this.exited = true;
        fail(
          error.code === 'ENOENT'
            ? new UserError('The .NET SDK (`dotnet`) was not found, and the script host needs it.', {
                hint: 'Install the .NET SDK 10 and put `dotnet` on PATH.',
              })
            : error,
        );
      });
      child.on('exit', () => {
        this.exited = true;
        this.retired = true;
      });
      // 'close' comes after the last protocol and stderr lines were read, so the reason is known.
      child.on('close', (code, signal) => {
        this.exited = true;
        this.retired = true;
        if (!ready) {
          const how = code === null ? `signal ${signal}` : `exit code ${code}`;
          const detail = stderrTail(this.stderr);
          fail(
            new UserError(`The script host for ${this.scriptPath} stopped (${how})${detail ? `: ${detail}` : '.'}`, {
              hint: 'Run `acs-connector check-script --script <path>` to see whether the script compiles, then try again.',
            }),
          );
        }
        const answer = this.recycledBecause
          ? errorAnswer(
              503,
              'HostRecycled',
              `The script host was restarted while running this request, because ${this.recycledBecause}; try again.`,
            )
          : errorAnswer(
              500,
              'ScriptCrashed',
              `The script host ended while running this request: ${this.crash ?? this.#exitReason(code, signal)}. The next request starts a new host.`,
            );
        for (const id of [...this.pending.keys()]) this.#settle(id, answer);
      });
    });
  }

  /** Why the process ended, in one line; .NET's stack frames only with ACS_CONNECTOR_DEBUG. */
  #exitReason(code: number | null, signal: NodeJS.Signals | null): string {
    const debug = process.env.ACS_CONNECTOR_DEBUG ? ` (host output: ${this.stderr.trim()})` : '';
    if (/Stack overflow/i.test(this.stderr)) return `stack overflow in the script${debug}`;
    if (/OutOfMemory/i.test(this.stderr))
      return `the script ran out of memory (the host's heap is capped at ${HOST_HEAP_LIMIT_BYTES / (1024 * 1024)} MiB)${debug}`;
    return `${code === null ? `signal ${signal}` : `exit code ${code}`}${debug}`;
  }

  execute(request: ScriptRequest): Promise<ScriptResponse> {
    const id = this.nextId++;
    return new Promise<ScriptResponse>((resolve) => {
      // This side's own deadline: whatever happens in the host, the caller is answered.
      const timer = setTimeout(() => {
        this.#settle(
          id,
          errorAnswer(
            504,
            'ScriptTimeout',
            `The script did not finish within ${this.timeoutMs / 1000} seconds (the host did not answer either); Power Platform stops custom code after 5 seconds.`,
          ),
        );
        this.#recycle('the host did not answer an execution within its time limit');
      }, this.timeoutMs + DEADLINE_GRACE_MS);
      if (this.pending.size === 0) this.#holdProcessOpen(true);
      this.pending.set(id, { resolve, timer });
      this.requests.write(`${JSON.stringify({ id, ...request, body: request.body ?? null })}\n`);
    });
  }

  #settle(id: number, response: ScriptResponse): void {
    const waiter = this.pending.get(id);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.pending.delete(id);
    if (this.pending.size === 0) {
      this.#holdProcessOpen(false);
      if (this.recycledBecause !== undefined) this.child.kill('SIGKILL');
    }
    waiter.resolve(response);
  }

  /**
   * Ends a host that lost control of a script. It takes no new requests (the next call starts a new
   * host); healthy ones still in flight finish first, each within its own deadline, then it is killed.
   */
  #recycle(why: string): void {
    if (this.exited) return;
    this.retired = true;
    this.recycledBecause ??= why;
    if (this.pending.size === 0) this.child.kill('SIGKILL');
  }

  /**
   * An idle host does not keep this process alive, so a caller that forgets close() still exits;
   * its exit closes the host's requests channel and the host ends too. Executions in flight hold it open.
   */
  #holdProcessOpen(hold: boolean): void {
    const { child } = this;
    for (const handle of [child, ...child.stdio] as Array<{ ref?: () => void; unref?: () => void } | null>) {
      if (hold) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  async close(): Promise<void> {
    if (this.exited) return;
    this.retired = true;
    this.#holdProcessOpen(true);
    const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    // End of input: the host finishes what is running (at most its time limit) and exits.
    this.requests.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), this.timeoutMs + DEADLINE_GRACE_MS);
    await exit;
    clearTimeout(timer);
  }
}

function errorAnswer(status: number, code: string, message: string): ScriptResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code, message } }),
    logs: [],
    durationMs: 0,
  };
}
