/** TypeScript side of the .NET script host: builds it, checks scripts, serves executions. */

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
  /** Response and content headers; multi-valued headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  logs: string[];
  durationMs: number;
}

export interface ScriptHost {
  execute(request: ScriptRequest): Promise<ScriptResponse>;
  close(): Promise<void>;
}

export async function ensureHostBuilt(_options?: { onProgress?: (message: string) => void }): Promise<void> {
  throw new Error('TODO: script host build not implemented yet');
}

export async function checkScript(_scriptPath: string): Promise<ScriptDiagnostic[]> {
  throw new Error('TODO: script check not implemented yet');
}

export async function startScriptHost(_options: { scriptPath: string }): Promise<ScriptHost> {
  throw new Error('TODO: script host not implemented yet');
}
