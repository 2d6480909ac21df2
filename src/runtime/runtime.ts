import { join } from 'node:path';
import { CONNECTOR_FILES } from '../connector-folder/index.ts';
import { startScriptHost } from '../script-host/serve.ts';
import type { ScriptHost } from '../script-host/protocol.ts';
import { findOperation, loadConnectorDefinition, type ConnectorDefinition } from './definition.ts';
import { ClientSecretTokenSource, DEFAULT_AUTHORITY_HOST } from './client-credentials.ts';
import { chooseParameterSet } from './policies.ts';
import {
  buildPlatformRequest,
  connectionOf,
  InputError,
  type OperationInputs,
  type PlatformRequest,
} from './request.ts';
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
  private host: Promise<ScriptHost> | undefined;
  /** One token cache per application, as the platform keeps one per connection. */
  private readonly tokenSources = new Map<string, ClientSecretTokenSource>();

  private constructor(
    readonly definition: ConnectorDefinition,
    private readonly scriptPath: string,
  ) {}

  /** Loads the definition; the script host starts with the first call that gets past input checks. */
  static async load(options: { dir: string; scriptPath?: string }): Promise<ConnectorRuntime> {
    const definition = await loadConnectorDefinition(options.dir);
    return new ConnectorRuntime(definition, options.scriptPath ?? join(options.dir, CONNECTOR_FILES.script));
  }

  /** Starts the script host now, so that the first call does not pay for it. */
  async warmUp(): Promise<void> {
    await this.scriptHost();
  }

  private scriptHost(): Promise<ScriptHost> {
    this.host ??= startScriptHost({ scriptPath: this.scriptPath });
    return this.host;
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
    await this.authorize(request, inputs);
    const answer = await (await this.scriptHost()).execute(request);
    const body = parseBody(answer.body, answer.headers);
    const skipped = request.skippedPolicies.map(
      (title) => `The policy "${title}" is not applied by the local runtime.`,
    );
    return {
      status: answer.status,
      headers: answer.headers,
      body,
      warnings: [...skipped, ...this.responseWarnings(operationId, answer.status, body)],
      durationMs: performance.now() - started,
    };
  }

  /**
   * An OAuth client-credentials sign-in: the platform's bearer token, from a cache per application.
   * The authority is the connection's, else $AZURE_AUTHORITY_HOST (as the Azure SDKs read it), else
   * the connector's loginUri.
   */
  private async authorize(request: PlatformRequest, inputs: OperationInputs): Promise<void> {
    const connection = connectionOf(this.definition, inputs);
    if (!connection) return;
    const { oauth } = chooseParameterSet(this.definition.apiProperties, connection);
    if (!oauth) return;
    const value = (name: string) => connection.values[name] ?? '';
    const credentials = {
      tenantId: value(oauth.tenantParameter),
      clientId: value(oauth.clientIdParameter),
      clientSecret: value(oauth.clientSecretParameter),
      authorityHost:
        connection.authorityHost ??
        (process.env.AZURE_AUTHORITY_HOST || undefined) ??
        oauth.loginUri ??
        DEFAULT_AUTHORITY_HOST,
    };
    const key = JSON.stringify(credentials);
    let source = this.tokenSources.get(key);
    if (!source) {
      source = new ClientSecretTokenSource(credentials);
      this.tokenSources.set(key, source);
    }
    const resource = (oauth.resourceUri ?? '').replace(/\/$/, '');
    const { token } = await source.getToken(`${resource}/.default`);
    request.headers.Authorization = `Bearer ${token}`;
  }

  async close(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    // A host that failed to start has nothing to close; its error was reported by the call.
    if (host) await (await host.catch(() => undefined))?.close();
  }

  private responseWarnings(operationId: string, status: number, body: unknown): string[] {
    const { responses } = findOperation(this.definition, operationId);
    const response = responses[String(status)] ?? responses.default;
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
