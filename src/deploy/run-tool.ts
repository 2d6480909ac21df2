import { constants } from 'node:os';
import { execa } from 'execa';
import { UserError } from '../shared/errors.ts';
import { redactSecrets } from '../shared/redact.ts';

export interface ToolResult {
  exitCode: number;
  /** What the tool printed, secrets removed. */
  stdout: string;
  stderr: string;
}

export interface RunToolOptions {
  /** How the tool is named in messages: `paconn`, `pac auth create`. */
  label: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Values removed from everything the tool prints (tokens, the client secret). */
  secrets: readonly string[];
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  timeoutMs: number;
  /** What to do when the tool was stopped before it finished (timeout or interruption). */
  unfinishedHint: string;
  timeoutHint: string;
  installHint: string;
  /** Aborted with the signal's name when the deploy is interrupted (Ctrl+C). */
  cancelSignal?: AbortSignal;
}

/**
 * Runs a deployment tool with stdin closed (it can never prompt), streaming its output through
 * redaction, stopping it after `timeoutMs` or when `cancelSignal` aborts. The returned text is
 * redacted too; a tool that was stopped or never started is a UserError.
 */
export async function runTool(file: string, args: readonly string[], options: RunToolOptions): Promise<ToolResult> {
  const scrub = (text: string) => redactKnown(redactSecrets(text), options.secrets);
  const child = execa(file, args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
    reject: false,
    stripFinalNewline: false,
    encoding: 'utf8',
    windowsHide: true,
    timeout: options.timeoutMs,
    ...(options.cancelSignal ? { cancelSignal: options.cancelSignal } : {}),
  });
  const out = relayLines(child.stdout, options.stdout, scrub);
  const err = relayLines(child.stderr, options.stderr, scrub);
  const result = await child;
  const [stdout, stderr] = await Promise.all([out, err]);
  if (result.timedOut) {
    throw new UserError(`${options.label} did not finish within ${formatSeconds(options.timeoutMs)} and was stopped.`, {
      hint: `${options.timeoutHint} ${options.unfinishedHint}`,
    });
  }
  if (result.isCanceled) throw interrupted(options.label, options.cancelSignal?.reason, options.unfinishedHint);
  if (result.signal !== undefined) {
    throw new UserError(`${options.label} was stopped by ${result.signal} before it finished.`, {
      hint: options.unfinishedHint,
    });
  }
  if (result.failed && result.exitCode === undefined) {
    throw new UserError(`${options.label} could not be started (${scrub(result.shortMessage ?? 'unknown error')}).`, {
      hint: options.installHint,
    });
  }
  return { exitCode: result.exitCode ?? 1, stdout, stderr };
}

/** The error for a deploy interrupted by a signal: exit status 128 + the signal's number, as shells report it. */
export function interrupted(label: string, reason: unknown, hint: string): UserError {
  const signal = typeof reason === 'string' ? reason : 'SIGINT';
  const number = signal === 'SIGBREAK' ? 21 : (constants.signals[signal as NodeJS.Signals] ?? 2);
  return new UserError(`${label} was interrupted (${signal}) before it finished.`, {
    hint,
    exitCode: 128 + number,
  });
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 || ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** Copies a stream line by line, scrubbing each line; resolves with all scrubbed text. */
function relayLines(
  from: NodeJS.ReadableStream,
  to: NodeJS.WritableStream,
  scrub: (text: string) => string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let pending = '';
    let all = '';
    const emit = (text: string) => {
      const clean = scrub(text);
      all += clean;
      to.write(clean);
    };
    from.setEncoding('utf8');
    from.on('data', (chunk: string) => {
      pending += chunk;
      const end = pending.lastIndexOf('\n');
      if (end >= 0) {
        emit(pending.slice(0, end + 1));
        pending = pending.slice(end + 1);
      }
    });
    from.on('end', () => {
      if (pending) emit(pending);
      resolve(all);
    });
    from.on('error', reject);
  });
}

/** Replaces each known secret value with ***. */
export function redactKnown(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== '') result = result.split(secret).join('***');
  return result;
}
