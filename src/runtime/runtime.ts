import { join } from 'node:path';
import type { OpenAPIV2 } from 'openapi-types';
import { startScriptHost, type ScriptHost } from '../script-host/host.ts';
import { findOperation, loadConnectorDefinition, type ConnectorDefinition } from './definition.ts';
import { buildPlatformRequest, InputError, type OperationInputs } from './request.ts';
import { checkAgainstSchema } from './schema-check.ts';

export interface InvokeResult {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the body is JSON, else its text, else null. */
  body: unknown;
  /** Where the answer does not match the operation's response schema. */
  warnings: string[];
  durationMs: number;
}

/**
 * A connector running as Power Platform runs it: requests built from the definition, handed to
 * script.csx in a long-lived script host, the answer passed back.
 */
export class ConnectorRuntime {
  private constructor(
    readonly definition: ConnectorDefinition,
    private readonly host: ScriptHost,
  ) {}

  static async start(options: { dir: string; scriptPath?: string }): Promise<ConnectorRuntime> {
    const definition = await loadConnectorDefinition(options.dir);
    const host = await startScriptHost({ scriptPath: options.scriptPath ?? join(options.dir, 'script.csx') });
    return new ConnectorRuntime(definition, host);
  }

  async invoke(operationId: string, inputs: OperationInputs): Promise<InvokeResult> {
    const started = performance.now();
    let request;
    try {
      request = buildPlatformRequest(this.definition, operationId, inputs);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      return {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: { error: { code: 'InvalidInput', message: error.message } },
        warnings: [],
        durationMs: performance.now() - started,
      };
    }
    const answer = await this.host.execute(request);
    const body = parseBody(answer.body, answer.headers);
    return {
      status: answer.status,
      headers: answer.headers,
      body,
      warnings: this.responseWarnings(operationId, answer.status, body),
      durationMs: performance.now() - started,
    };
  }

  async close(): Promise<void> {
    await this.host.close();
  }

  private responseWarnings(operationId: string, status: number, body: unknown): string[] {
    const { operation } = findOperation(this.definition, operationId);
    const response = (operation.responses[String(status)] ?? operation.responses.default) as
      | OpenAPIV2.ResponseObject
      | undefined;
    if (!response) return [`${operationId} does not document HTTP ${status}.`];
    if (!response.schema) return [];
    if (body === null) return [`HTTP ${status} of ${operationId} should carry a body, but it is empty.`];
    return checkAgainstSchema(this.definition.swagger, response.schema, body, 'response').map(
      (problem) => `HTTP ${status} of ${operationId}: ${problem}`,
    );
  }
}

function parseBody(text: string, headers: Record<string, string>): unknown {
  if (text.length === 0) return null;
  const contentType = Object.entries(headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (contentType.includes('json') || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
