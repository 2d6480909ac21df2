/**
 * The persistent serving host: one process that has compiled the script answers requests over JSON
 * lines on its own channel (transport.ts; messages in protocol.ts), supervised from here. Whatever the script does (spin, allocate, exit, overflow its stack),
 * every request gets an answer within the script's limit plus a grace, and the next request gets a
 * working host: a host that lost control of a script is recycled (killed and started again on demand).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';
import { SCRIPT_TIME_LIMIT_MS } from '../shared/platform-limits.ts';
import { UserError } from '../shared/errors.ts';
import { formatBytes } from '../shared/read-file.ts';
import { ensureHostBuilt, hostDll } from './build.ts';
import { formatDiagnostic, requireScript, stderrTail } from './invocation.ts';
import {
  errorResponse,
  HOST_LIMITS,
  hostMessage,
  serveArguments,
  type CloseMessage,
  type ExecuteMessage,
  type HostMessage,
  type ScriptHost,
  type ScriptRequest,
  type ScriptResponse,
  type StartOptions,
} from './protocol.ts';
import { openHostChannel, type HostChannel } from './transport.ts';

/** Generous: a cold compile takes 4-9 s on a busy two-core machine. */
const DEFAULT_START_TIMEOUT_MS = 120_000;
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
    if (size > HOST_LIMITS.maxRelayedBodyBytes) {
      return errorResponse('RequestTooLarge', { timeoutMs: timeoutOf(this.options), detail: String(size) });
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

const timeoutOf = (options: StartOptions) => options.timeoutMs ?? SCRIPT_TIME_LIMIT_MS;

type Handlers = { [K in HostMessage['type']]: (message: Extract<HostMessage, { type: K }>) => void };

/** One host process, connected over its own channel. */
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
  private socket: Socket | undefined;
  /** While starting: settles start(). */
  private starting: { ready: () => void; fail: (error: Error) => void } | undefined;

  private constructor(
    private readonly child: ChildProcess,
    private readonly channel: HostChannel,
    private readonly timeoutMs: number,
    private readonly scriptPath: string,
  ) {}

  get pid(): number {
    return this.child.pid!;
  }

  get usable(): boolean {
    return !this.exited && !this.retired;
  }

  static async start(absolute: string, options: StartOptions): Promise<HostProcess> {
    let host: HostProcess | undefined;
    const channel = await openHostChannel((line) => host?.onLine(line));
    const args = [hostDll, 'serve', '--script', absolute, ...serveArguments(timeoutOf(options), channel)];
    if (options.loopbackSend) args.push('--loopback-send');
    if (options.noCache) args.push('--no-cache');
    // The script gets an empty stdin, and its stdout is the log: the protocol has a channel of its own.
    // When this process dies, the channel closes and the host exits after its running executions.
    const child = spawn('dotnet', args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ...channel.environment,
        DOTNET_GCHeapHardLimit: `0x${HOST_LIMITS.heapBytes.toString(16)}`,
      },
    });
    host = new HostProcess(child, channel, timeoutOf(options), options.scriptPath);
    return host.#waitUntilReady(options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
  }

  #waitUntilReady(startTimeoutMs: number): Promise<HostProcess> {
    const { child } = this;
    const ready = new Promise<void>((resolve, reject) => {
      const startTimer = setTimeout(() => {
        child.kill('SIGKILL');
        this.starting?.fail(
          new UserError(
            `The script host did not become ready within ${startTimeoutMs / 1000} s (starting and compiling ${this.scriptPath}); it was stopped.`,
            {
              hint: 'Try again on a less busy machine; `acs-connector check-script --script <path>` shows whether the script compiles.',
            },
          ),
        );
      }, startTimeoutMs);
      const settled = () => {
        clearTimeout(startTimer);
        this.starting = undefined;
        void this.channel.close();
      };
      this.starting = {
        ready: () => (settled(), resolve()),
        fail: (error) => (settled(), reject(error)),
      };
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-4000);
    });
    // The script's Console output: the host's log, shown only when debugging.
    child.stdout!.on('data', (chunk: Buffer) => {
      if (process.env.ACS_CONNECTOR_DEBUG) process.stderr.write(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      this.exited = true;
      this.starting?.fail(
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
    // 'close' comes after the last stderr was read, so the reason is known.
    child.on('close', (code, signal) => this.#onClose(code, signal));
    return Promise.all([ready, this.channel.connected]).then(([, socket]) => {
      this.socket = socket;
      this.#holdProcessOpen(false);
      return this;
    });
  }

  #onClose(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = true;
    this.retired = true;
    if (this.starting) {
      const how = code === null ? `signal ${signal}` : `exit code ${code}`;
      const detail = stderrTail(this.stderr);
      this.starting.fail(
        new UserError(`The script host for ${this.scriptPath} stopped (${how})${detail ? `: ${detail}` : '.'}`, {
          hint: 'Run `acs-connector check-script --script <path>` to see whether the script compiles, then try again.',
        }),
      );
    }
    const answer = this.recycledBecause
      ? errorResponse('HostRecycled', { timeoutMs: this.timeoutMs, detail: this.recycledBecause })
      : errorResponse('ScriptCrashed', {
          timeoutMs: this.timeoutMs,
          detail: this.crash ?? this.#exitReason(code, signal),
        });
    for (const id of [...this.pending.keys()]) this.#settle(id, answer);
  }

  /** What each message from the host does. */
  readonly #handlers: Handlers = {
    hello: () => undefined, // the channel's: a connection opens with it
    ready: () => this.starting?.ready(),
    failed: (message) => {
      const findings = message.diagnostics
        .map((d) => formatDiagnostic({ ...d, file: path.relative(process.cwd(), d.file) }))
        .join('\n');
      this.starting?.fail(
        new UserError(`The script ${this.scriptPath} does not compile:\n${findings}`, {
          hint: "Run `acs-connector check-script --script <path>` for the platform's view of the script.",
        }),
      );
    },
    answer: ({ id, type: _type, ...response }) => this.#settle(id, response),
    error: ({ id, code, detail, logs, durationMs }) =>
      this.#settle(id, errorResponse(code, { timeoutMs: this.timeoutMs, detail }, { logs, durationMs })),
    crashed: (message) => (this.crash = message.message),
    // A timed-out script is still running (spinning, blocking, allocating): only ending the process stops it.
    stuck: ({ id }) => this.#recycle(`another execution on this host (id ${id}) kept running after its time limit`),
  };

  onLine(line: string): void {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      json = undefined;
    }
    const parsed = hostMessage.safeParse(json);
    if (parsed.success) {
      (this.#handlers[parsed.data.type] as (message: HostMessage) => void)(parsed.data);
      return;
    }
    // Both sides come from one checkout, so this is a bug: said loudly, and the host is not trusted again.
    const problem = `the host sent a message outside the protocol (${parsed.error.issues[0]?.message ?? 'not JSON'})`;
    const id = (json as { id?: unknown } | undefined)?.id;
    if (typeof id === 'number')
      this.#settle(id, errorResponse('HostError', { timeoutMs: this.timeoutMs, detail: problem }));
    this.#recycle(problem);
  }

  /** Why the process ended, in one line; .NET's stack frames only with ACS_CONNECTOR_DEBUG. */
  #exitReason(code: number | null, signal: NodeJS.Signals | null): string {
    const debug = process.env.ACS_CONNECTOR_DEBUG ? ` (host output: ${this.stderr.trim()})` : '';
    if (/Stack overflow/i.test(this.stderr)) return `stack overflow in the script${debug}`;
    if (/OutOfMemory/i.test(this.stderr))
      return `the script ran out of memory (the host's heap is capped at ${formatBytes(HOST_LIMITS.heapBytes)})${debug}`;
    return `${code === null ? `signal ${signal}` : `exit code ${code}`}${debug}`;
  }

  execute(request: ScriptRequest): Promise<ScriptResponse> {
    const id = this.nextId++;
    return new Promise<ScriptResponse>((resolve) => {
      // This side's own deadline: whatever happens in the host, the caller is answered.
      const timer = setTimeout(() => {
        const detail = 'the host did not answer either';
        this.#settle(id, errorResponse('ScriptTimeout', { timeoutMs: this.timeoutMs, detail }));
        this.#recycle('the host did not answer an execution within its time limit');
      }, this.timeoutMs + HOST_LIMITS.deadlineGraceMs);
      if (this.pending.size === 0) this.#holdProcessOpen(true);
      this.pending.set(id, { resolve, timer });
      // Only the contract's fields: a caller's object may carry more (the runtime's request does).
      const { operationId, method, url, headers } = request;
      this.#send({ type: 'execute', id, operationId, method, url, headers, body: request.body ?? null });
    });
  }

  #send(message: ExecuteMessage | CloseMessage): void {
    this.socket!.write(`${JSON.stringify(message)}\n`);
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
   * its exit closes the host's channel and the host ends too. Executions in flight hold it open.
   */
  #holdProcessOpen(hold: boolean): void {
    const { child } = this;
    const handles = [child, child.stdout, child.stderr, this.socket] as Array<{
      ref?: () => void;
      unref?: () => void;
    } | null>;
    for (const handle of handles) {
      if (hold) handle?.ref?.();
      else handle?.unref?.();
    }
  }

  async close(): Promise<void> {
    if (this.exited) return;
    this.retired = true;
    this.#holdProcessOpen(true);
    const exit = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    // The host finishes what is running (at most its time limit) and exits.
    this.#send({ type: 'close' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), this.timeoutMs + HOST_LIMITS.deadlineGraceMs);
    await exit;
    clearTimeout(timer);
  }
}
