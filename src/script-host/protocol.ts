/**
 * The script host's request and response shapes. Types only: the validator and the runtime import
 * them without loading any process code.
 */

export interface ScriptDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
  /** The validator's rule id (CSX1 size, CSX2 Script class, CSX3 namespaces, CSX5 compiler, CSX6 ExecuteAsync): the host owns these checks. */
  rule: string;
  /** The compiler's diagnostic id (CS0103…), or the rule id again for the host's own checks. */
  id: string;
  message: string;
}

/** Check mode's answer for one script; `error` when the script could not be checked at all (unreadable). */
export interface ScriptCheckResult {
  script: string;
  diagnostics: ScriptDiagnostic[];
  error?: string | null;
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

/** A serving host's answer to one request: the response, tagged with the request's id. */
export interface HostAnswer extends ScriptResponse {
  id: number;
}

/**
 * One line the serving host writes that is not an answer: it is ready, the script did not compile,
 * an execution is still running after its limit and a grace (stuck: recycle the host), or the
 * process is ending because of the script (crashed, with a one-line reason).
 */
export interface HostStatus {
  type: 'ready' | 'failed' | 'stuck' | 'crashed';
  diagnostics?: ScriptDiagnostic[];
  id?: number;
  message?: string;
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
