/**
 * The one contract between this side and the .NET script host (ScriptHost/Protocol.cs follows it):
 * the limits the host is started with, every message each way (JSON, one per line), and every
 * error answer's status and words. The host sends facts (an error's code and detail); the words
 * are written only here. The validator and the runtime import the types without any process code.
 * test/script-host/protocol.test.ts holds the real host's messages to these shapes.
 */
import { z } from 'zod';
import { MAX_SCRIPT_BYTES, SCRIPT_TIME_LIMIT_MS } from '../shared/platform-limits.ts';
import { formatBytes } from '../shared/read-file.ts';

/** The host's own limits; the script's time limit (SCRIPT_TIME_LIMIT_MS) is the platform's. */
export const HOST_LIMITS = {
  /**
   * The largest request body the host passes to the script, and response body it passes back;
   * larger ones are refused with a clear answer. The host's own cap: the platform states none.
   */
  maxRelayedBodyBytes: 16 * 1024 * 1024,
  /** How long a timed-out execution may take to wind down before the host reports it stuck. */
  stuckGraceMs: 2_000,
  /** The host's .NET heap is capped, so a script that allocates without end fails with OutOfMemoryException. */
  heapBytes: 512 * 1024 * 1024,
  /**
   * Added to the script's limit for the host's own answer to arrive before this side answers 504
   * itself: generous, so that a busy machine (requests queued, CPU starved) is not taken for a lost host.
   */
  deadlineGraceMs: 5_000,
} as const;

/** Command-line flags: how the host learns every limit it enforces (it has no defaults of its own). */
export function checkArguments(): string[] {
  return ['--max-script-bytes', String(MAX_SCRIPT_BYTES)];
}

/** Serve mode's: the limits, and where to connect (the channel's pipe and the variable holding its token). */
export function serveArguments(timeoutMs: number, channel: { pipeName: string; tokenVariable: string }): string[] {
  return [
    ...checkArguments(),
    ['--timeout-ms', String(timeoutMs)],
    ['--max-relayed-body-bytes', String(HOST_LIMITS.maxRelayedBodyBytes)],
    ['--stuck-grace-ms', String(HOST_LIMITS.stuckGraceMs)],
    ['--pipe', channel.pipeName],
    ['--token-variable', channel.tokenVariable],
  ].flat();
}

const headers = z.record(z.string(), z.string());

export const scriptDiagnostic = z.strictObject({
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  severity: z.enum(['error', 'warning']),
  /** The validator's rule id (CSX1 size, CSX2 Script class, CSX3 namespaces, CSX5 compiler, CSX6 ExecuteAsync): the host owns these checks. */
  rule: z.string(),
  /** The compiler's diagnostic id (CS0103…), or the rule id again for the host's own checks. */
  id: z.string(),
  message: z.string(),
});
export type ScriptDiagnostic = z.infer<typeof scriptDiagnostic>;

/** Check mode's answer (`--json`): one per script, in the order given; `error` when it could not be checked at all. */
export const scriptCheckResults = z.array(
  z.strictObject({
    script: z.string(),
    diagnostics: z.array(scriptDiagnostic),
    error: z.string().nullish(),
  }),
);
export type ScriptCheckResult = z.infer<typeof scriptCheckResults>[number];

export interface ScriptRequest {
  operationId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  /** UTF-8 text of the body; null or absent means no content. */
  body?: string | null;
}

/** This side to the host: run the script on one request. */
export const executeMessage = z.strictObject({
  type: z.literal('execute'),
  id: z.number().int(),
  operationId: z.string(),
  method: z.string(),
  url: z.string(),
  headers,
  body: z.string().nullable(),
});
export type ExecuteMessage = z.infer<typeof executeMessage>;
/** This side to the host: take no more requests, finish those running, then exit. */
export const closeMessage = z.strictObject({ type: z.literal('close') });
export type CloseMessage = z.infer<typeof closeMessage>;

const response = {
  status: z.number().int(),
  /** Response and content headers, names in lower case; multi-valued headers joined with ", ". */
  headers,
  body: z.string(),
  logs: z.array(z.string()),
  /** Time the script took, from creating the Script to its answer (excludes the transport). */
  durationMs: z.number(),
};
const scriptResponse = z.strictObject(response);
export type ScriptResponse = z.infer<typeof scriptResponse>;

/** Errors the host reports by code; the words are HOST_ERRORS'. */
const HOST_REPORTED = ['ScriptTimeout', 'ScriptError', 'ResponseTooLarge', 'InvalidHostRequest', 'HostError'] as const;

/** The host to this side, one JSON object per line. */
export const hostMessage = z.discriminatedUnion('type', [
  /** First line on a new connection: the token this side gave the host, so no other process can pose as it. */
  z.strictObject({ type: z.literal('hello'), token: z.string() }),
  /** The script compiled; requests may come. */
  z.strictObject({ type: z.literal('ready'), compileMs: z.number() }),
  /** The script did not compile; the host ends. */
  z.strictObject({ type: z.literal('failed'), diagnostics: z.array(scriptDiagnostic) }),
  z.strictObject({ type: z.literal('answer'), id: z.number().int(), ...response }),
  z.strictObject({
    type: z.literal('error'),
    id: z.number().int(),
    code: z.enum(HOST_REPORTED),
    detail: z.string().nullable(),
    logs: z.array(z.string()),
    durationMs: z.number(),
  }),
  /** An execution is still running after its limit and a grace: only ending the process stops it. */
  z.strictObject({ type: z.literal('stuck'), id: z.number().int() }),
  /** The process is ending because of the script, with a one-line reason. */
  z.strictObject({ type: z.literal('crashed'), message: z.string() }),
]);
export type HostMessage = z.infer<typeof hostMessage>;

interface ErrorContext {
  timeoutMs: number;
  detail?: string | null;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}`;
const PLATFORM_LIMIT = `Power Platform stops custom code after ${seconds(SCRIPT_TIME_LIMIT_MS)} seconds`;

/** Every error answer of the script host, whichever side detects it: its HTTP status and its words. */
export const HOST_ERRORS = {
  ScriptTimeout: {
    status: 504,
    text: ({ timeoutMs, detail }: ErrorContext) =>
      `The script did not finish within ${seconds(timeoutMs)} seconds${detail ? ` (${detail})` : ''}; ${PLATFORM_LIMIT}.`,
  },
  ScriptError: { status: 500, text: ({ detail }: ErrorContext) => String(detail) },
  ResponseTooLarge: {
    status: 502,
    text: () =>
      `The script's response body is larger than ${formatBytes(HOST_LIMITS.maxRelayedBodyBytes)}, the most the script host passes back.`,
  },
  RequestTooLarge: {
    status: 413,
    text: ({ detail }: ErrorContext) =>
      `The request body is ${detail} bytes; the script host accepts at most ${formatBytes(HOST_LIMITS.maxRelayedBodyBytes)}.`,
  },
  InvalidHostRequest: {
    status: 400,
    text: ({ detail }: ErrorContext) => `The host could not build the request: ${detail}`,
  },
  HostError: {
    status: 500,
    text: ({ detail }: ErrorContext) => `The script host failed to run the request: ${detail}`,
  },
  HostRecycled: {
    status: 503,
    text: ({ detail }: ErrorContext) =>
      `The script host was restarted while running this request, because ${detail}; try again.`,
  },
  ScriptCrashed: {
    status: 500,
    text: ({ detail }: ErrorContext) =>
      `The script host ended while running this request: ${detail}. The next request starts a new host.`,
  },
} as const satisfies Record<string, { status: number; text: (context: ErrorContext) => string }>;
export type HostErrorCode = keyof typeof HOST_ERRORS;

/** The answer for an error: `{"error":{"code","message"}}` as JSON, with its status. */
export function errorResponse(
  code: HostErrorCode,
  context: ErrorContext,
  extra: { logs?: string[]; durationMs?: number } = {},
): ScriptResponse {
  const { status, text } = HOST_ERRORS[code];
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ error: { code, message: text(context) } }),
    logs: extra.logs ?? [],
    durationMs: extra.durationMs ?? 0,
  };
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
  /** Execution limit; default the platform's (SCRIPT_TIME_LIMIT_MS). */
  timeoutMs?: number;
  /** Compile even when the host has this script's compiled form cached (to measure a true cold start); the result is cached. */
  noCache?: boolean;
  /** How long start-up (host start + compile) may take before the host is stopped and an error raised. */
  startTimeoutMs?: number;
}
