/**
 * `acs-connector preview`: a local page that shows a connector folder as makers meet it, and runs
 * its actions through the same runtime and script.csx as `invoke`. Loopback only; the Host and
 * Origin of every request are checked, so another site in the browser cannot drive it.
 */
import { watch, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONNECTOR_FILES, readConnectorFolder, requireConnectorFolder } from '../connector-folder/index.ts';
import type { RunningEmulator } from '../emulator/index.ts';
import { TEAMS_USER_TOKEN_PATH } from '../emulator/emulator-endpoints.ts';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { isObject, type JsonObject } from '../shared/json.ts';
import { clientCredentialsSetting, parameterSets } from '../connector-folder/connections.ts';
import {
  connectionInput,
  readConnectionFlags,
  resolveConnection,
  type ConnectionOptions,
  type ResolvedConnection,
} from '../runtime/connection.ts';
import type { ConnectionInput } from '../runtime/policies.ts';
import { buildPlatformRequest, InputError } from '../runtime/request.ts';
import { ConnectorRuntime } from '../runtime/runtime.ts';
import { buildPreviewModel } from './model/view-model.ts';
import type { FindingView, PreviewModel } from './model/types.ts';
import { startRecorder, type RecordedRequest, type Recorder } from './recorder.ts';
import { redactHeader, redactJson, redactText } from './redact-request.ts';
import { describeWarning } from './warnings.ts';
import { pageHtml, pageScript } from './page-assets.ts';

export interface PreviewOptions extends ConnectionOptions {
  dir: string;
  /** 0 lets the system choose a free port. */
  port: number;
  /** Validate the folder for the cards' findings (on by default). */
  validate?: boolean;
  /** When set, edits to these files rebuild the folder first (our own connector: the model). */
  modelSources?: { dir: string; rebuild: () => Promise<void> };
}

export interface RunningPreview {
  url: string;
  close(): Promise<void>;
}

/** The sign-ins the Test panel offers, by id. */
type SignInId = 'emulator-connection-string' | 'emulator-entra' | 'given' | 'dialog';

interface SignInChoice {
  id: SignInId;
  label: string;
}

interface Loaded {
  version: number;
  model: PreviewModel;
  /** apiProperties.json as read, for the sign-ins the Test panel offers. */
  properties: unknown;
  /** The runtime, loaded with the first Test run (most page views never run one). */
  runtime(): Promise<ConnectorRuntime>;
  close(): Promise<void>;
  loadMs: number;
}

/** A Test run as the page asks for it; fields of the wrong type count as not given. */
interface TestRequest {
  /** One of the sign-ins the preview offers ('' when none is named). */
  signIn: string;
  operationId: string;
  parameters: Record<string, string>;
  /** JSON text of the body. */
  body?: string;
  /** The values typed in the connection dialog, used by the 'dialog' sign-in. */
  dialogConnection: ConnectionInput;
}

function testRequestOf(request: JsonObject): TestRequest {
  const dialog = isObject(request.connection) ? request.connection : {};
  return {
    signIn: typeof request.signIn === 'string' ? request.signIn : '',
    operationId: typeof request.operationId === 'string' ? request.operationId : '',
    parameters: isStringRecord(request.parameters) ? request.parameters : {},
    body: typeof request.body === 'string' ? request.body : undefined,
    dialogConnection: {
      parameterSet: typeof dialog.parameterSet === 'string' ? dialog.parameterSet : undefined,
      values: isStringRecord(dialog.values) ? dialog.values : {},
    },
  };
}

const MAX_REQUEST_BODY = 1024 * 1024;
const RELOAD_DEBOUNCE_MS = 80;

// eslint-disable-next-line max-lines-per-function -- split in progress (preview)
export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const dir = await requireConnectorFolder(options.dir);
  const given = await givenConnection(options);
  let embedded: { emulator: RunningEmulator; recorder: Recorder } | undefined;
  let embeddedStarting: Promise<{ emulator: RunningEmulator; recorder: Recorder }> | undefined;
  const useEmulator = () => {
    embeddedStarting ??= (async () => {
      const { startEmulator } = await import('../emulator/index.ts');
      const emulator = given?.emulator ?? (await startEmulator({ port: 0 }));
      embedded = { emulator, recorder: await startRecorder(emulator.endpoint) };
      return embedded;
    })();
    return embeddedStarting;
  };

  let loaded = await load(dir, 1, options.validate !== false);
  let lastError: string | undefined;
  const listeners = new Set<ServerResponse>();
  const broadcast = (event: string, data: unknown) => {
    for (const listener of listeners) listener.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  let reloadTimer: NodeJS.Timeout | undefined;
  let reloading: Promise<void> = Promise.resolve();
  const scheduleReload = () => {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      reloading = reloading
        .then(async () => {
          const previous = loaded;
          loaded = await load(dir, previous.version + 1, options.validate !== false);
          lastError = undefined;
          await previous.close().catch(() => undefined);
          broadcast('reload', { version: loaded.version });
        })
        .catch((error: Error) => {
          lastError = `The folder could not be read again: ${error.message}`;
          broadcast('problem', { message: lastError });
        });
    }, RELOAD_DEBOUNCE_MS);
  };
  const watchers: FSWatcher[] = [];
  const files = new Set<string>([...Object.values(CONNECTOR_FILES)]);
  watchers.push(
    watch(dir, (_event, name) => {
      if (name && files.has(String(name))) scheduleReload();
    }),
  );
  if (options.modelSources) {
    const { dir: sources, rebuild } = options.modelSources;
    let building: Promise<void> = Promise.resolve();
    let buildTimer: NodeJS.Timeout | undefined;
    watchers.push(
      watch(sources, () => {
        clearTimeout(buildTimer);
        buildTimer = setTimeout(() => {
          building = building.then(() =>
            rebuild().then(
              () => undefined,
              (error: Error) => {
                lastError = error.message;
                broadcast('problem', { message: error.message });
              },
            ),
          );
        }, RELOAD_DEBOUNCE_MS);
      }),
    );
  }

  const signIns = (): SignInChoice[] => {
    const choices: SignInChoice[] = [];
    const kinds = new Set(loaded.model.connection.sets.map((set) => set.signIn));
    if (offersEmulator(loaded)) {
      if (kinds.has('connection-string'))
        choices.push({ id: 'emulator-connection-string', label: 'Embedded ACS emulator: connection string' });
      if (kinds.has('entra'))
        choices.push({ id: 'emulator-entra', label: 'Embedded ACS emulator: Microsoft Entra ID application' });
    }
    if (given && given.source !== 'emulator')
      choices.push({
        id: 'given',
        label: `The ${given.kind === 'entra' ? 'Entra application' : 'connection string'} given at start (${given.endpoint})`,
      });
    choices.push({ id: 'dialog', label: 'The values typed in the connection dialog' });
    return choices;
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof UserError ? error.message : 'The preview server failed to answer.';
      if (!res.headersSent) sendJson(res, error instanceof UserError ? 400 : 500, { error: { message } });
      else res.end();
    });
  });

  // eslint-disable-next-line max-lines-per-function -- split in progress (preview)
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const address = server.address() as AddressInfo;
    if (!sameHost(req, address.port)) {
      sendJson(res, 421, { error: { message: 'The preview answers only at its loopback address.' } });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${address.port}`);
    if (req.method === 'GET' && url.pathname === '/') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
      res.end(pageHtml(loaded.model.connector.title));
      return;
    }
    if (req.method === 'GET' && url.pathname === '/page.js') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/javascript; charset=utf-8' });
      res.end(await pageScript());
      return;
    }
    if (req.method === 'GET' && url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/model') {
      await reloading;
      sendJson(res, 200, {
        version: loaded.version,
        model: loaded.model,
        problem: lastError,
        signIns: signIns(),
        emulator: embedded ? { endpoint: embedded.emulator.endpoint, teamsUserPath: TEAMS_USER_TOKEN_PATH } : undefined,
        loadMs: loaded.loadMs,
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`event: hello\ndata: ${JSON.stringify({ version: loaded.version })}\n\n`);
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    if (req.method === 'POST' && (url.pathname === '/api/invoke' || url.pathname === '/api/emulator')) {
      if (!sameOrigin(req, address.port) || !String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        sendJson(res, 403, { error: { message: 'Calls are accepted only from the preview page itself.' } });
        return;
      }
      const request = await readJson(req);
      if (url.pathname === '/api/emulator') {
        const { emulator } = await useEmulator();
        sendJson(res, 200, { endpoint: emulator.endpoint, teamsUserPath: TEAMS_USER_TOKEN_PATH });
        return;
      }
      const started = performance.now();
      const answer = await invoke(testRequestOf(request));
      const serverMs = performance.now() - started - (answer.durationMs ?? 0);
      sendJson(res, 200, { ...answer, serverMs });
      return;
    }
    sendJson(res, 404, { error: { message: `Nothing at ${url.pathname}.` } });
  };

  // eslint-disable-next-line max-lines-per-function -- split in progress (preview)
  const invoke = async (request: TestRequest) => {
    await reloading;
    const { signIn, operationId, parameters, body } = request;
    if (!signIns().some((choice) => choice.id === signIn)) {
      return { error: `"${signIn}" is not a sign-in this preview offers.` };
    }
    let runtime: ConnectorRuntime;
    try {
      runtime = await loaded.runtime();
    } catch (error) {
      if (error instanceof UserError) return { error: `${error.message}${error.hint ? ` ${error.hint}` : ''}` };
      throw error;
    }
    if (!runtime.definition.operations.some((operation) => operation.operationId === operationId)) {
      return { error: `The connector has no action "${operationId}".` };
    }
    let connection: ConnectionInput;
    let recorder: Recorder | undefined;
    try {
      if (signIn === 'emulator-connection-string' || signIn === 'emulator-entra') {
        const started = await useEmulator();
        recorder = started.recorder;
        connection = connectionInput(runtime.definition, throughRecorder(started, signIn));
      } else if (signIn === 'given') {
        connection = connectionInput(runtime.definition, given!);
      } else {
        connection = request.dialogConnection;
      }
    } catch (error) {
      if (error instanceof UserError) return { error: error.message };
      throw error;
    }
    const secrets = [...secretValues(runtime.definition.apiProperties, connection), ...secretsOf(embedded?.emulator)];
    const inputs = { parameters, body, connection };
    const run = () =>
      runtime.invoke(operationId, inputs).catch((error: unknown) => ({
        // A script that cannot start (missing, not compiling) or a sign-in refused: one line for the panel.
        error: error instanceof UserError && error.hint ? `${error.message} ${error.hint}` : errorText(error),
      }));
    let outcome: Awaited<ReturnType<typeof run>>;
    let recorded: RecordedRequest[] | undefined;
    if (recorder) {
      const done = await recorder.record(run);
      outcome = done.result;
      recorded = done.requests;
    } else {
      outcome = await run();
    }
    if ('error' in outcome) return { error: redactText(String(outcome.error), secrets) };
    // Without the recorder (a real resource, or the connection dialog's values), the request is shown as the platform hands it to the script.
    const platformRequest = recorded ? undefined : platformRequestOf(runtime, operationId, inputs);
    const shownRequests = recorded
      ? recorded.map((sent) => ({
          method: sent.method,
          url: redactText(sent.url, secrets),
          headers: sent.headers.map(([name, value]) => [name, redactHeader(name, value, secrets)]),
          body: sent.body === '' ? null : redactText(sent.body, secrets),
        }))
      : platformRequest
        ? [
            {
              method: platformRequest.method,
              url: redactText(platformRequest.url, secrets),
              headers: Object.entries(platformRequest.headers).map(([name, value]) => [
                name,
                redactHeader(name, value, secrets),
              ]),
              body: platformRequest.body === null ? null : redactText(platformRequest.body, secrets),
            },
          ]
        : [];
    return {
      status: outcome.status,
      headers: Object.fromEntries(
        Object.entries(outcome.headers).map(([name, value]) => [name, redactHeader(name, value, secrets)]),
      ),
      body: redactJson(outcome.body, secrets),
      warnings: outcome.warnings.map((warning) => describeWarning(redactText(warning, secrets))),
      requests: shownRequests,
      requestSource: recorded ? 'sent by script.csx' : 'built by the platform, before script.csx',
      durationMs: outcome.durationMs,
    };
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(`--port ${options.port} is already in use on 127.0.0.1.`, {
              hint: 'Pick another port, or leave --port out to let the system choose a free one.',
              exitCode: EXIT_STATUS.usage,
            })
          : error,
      ),
    );
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    close() {
      closing ??= (async () => {
        clearTimeout(reloadTimer);
        for (const watcher of watchers) watcher.close();
        for (const listener of listeners) listener.end();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await reloading.catch(() => undefined);
        await loaded.close().catch(() => undefined);
        const started = await embeddedStarting?.catch(() => undefined);
        await started?.recorder.close();
        if (started && started.emulator !== given?.emulator) await started.emulator.close();
        await given?.close();
      })();
      return closing;
    },
  };
}

/** The connection given by flags or variables; none given means none (the embedded emulator is started on demand). */
async function givenConnection(options: ConnectionOptions): Promise<ResolvedConnection | undefined> {
  const flags = await readConnectionFlags(options);
  const anyFlag = [
    flags.connectionString,
    flags.endpoint,
    flags.tenantId,
    flags.clientId,
    flags.clientSecret,
    flags.connectionFile,
  ].some((value) => value !== undefined);
  const environment = [
    'COMMUNICATION_CONNECTION_STRING',
    'AZURE_TENANT_ID',
    'AZURE_CLIENT_ID',
    'AZURE_CLIENT_SECRET',
  ].some((name) => (process.env[name] ?? '') !== '');
  if (!anyFlag && !environment) return undefined;
  return resolveConnection(flags);
}

async function load(dir: string, version: number, validate: boolean): Promise<Loaded> {
  const started = performance.now();
  const folder = await readConnectorFolder(dir, ['definition', 'properties']);
  let findings: FindingView[] = [];
  if (validate) {
    const { validateConnectorFolder } = await import('../validate/index.ts');
    findings = await validateConnectorFolder(dir).then(
      (all) =>
        all.map(({ ruleId, severity, location, message, hint }) => ({ ruleId, severity, location, message, hint })),
      () => [],
    );
  }
  const model = buildPreviewModel(folder.definition, folder.properties, findings);
  let runtime: Promise<ConnectorRuntime> | undefined;
  return {
    version,
    model,
    properties: folder.properties,
    runtime: () => (runtime ??= ConnectorRuntime.load({ dir })),
    close: async () => {
      const loadedRuntime = await runtime?.catch(() => undefined);
      await loadedRuntime?.close();
    },
    loadMs: performance.now() - started,
  };
}

/**
 * The embedded emulator is an ACS Identity service: offered for a connector whose Entra sign-in is
 * for Communication Services, or whose one-secret sign-in is a connection string.
 */
function offersEmulator(loaded: Loaded): boolean {
  const properties = loaded.properties;
  if (!properties) return false;
  return parameterSets(properties).some((set) => {
    const oauth = clientCredentialsSetting(set);
    if (oauth) return (oauth.resourceUri ?? '').startsWith('https://communication.azure.com');
    return (
      set.parameters.length === 1 &&
      set.parameters[0]!.type === 'securestring' &&
      /connection ?string/i.test(`${set.parameters[0]!.name} ${set.parameters[0]!.displayName ?? ''}`)
    );
  });
}

/** A connection to the embedded emulator whose ACS calls go through the recorder. */
function throughRecorder(
  started: { emulator: RunningEmulator; recorder: Recorder },
  signIn: 'emulator-connection-string' | 'emulator-entra',
): ResolvedConnection {
  const { emulator, recorder } = started;
  const accessKey = /accesskey=([^;]+)/i.exec(emulator.connectionString)?.[1] ?? '';
  const shared = {
    source: 'emulator' as const,
    endpoint: recorder.endpoint,
    authorityHost: emulator.endpoint,
    close: async () => {},
  };
  if (signIn === 'emulator-connection-string') {
    return {
      kind: 'connection-string',
      connectionString: `endpoint=${recorder.endpoint};accesskey=${accessKey}`,
      ...shared,
    };
  }
  const app = emulator.applications[0]!;
  return {
    kind: 'entra',
    entra: {
      endpoint: recorder.endpoint,
      tenantId: app.tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    },
    ...shared,
  };
}

function platformRequestOf(
  runtime: ConnectorRuntime,
  operationId: string,
  inputs: Parameters<typeof buildPlatformRequest>[2],
): ReturnType<typeof buildPlatformRequest> | undefined {
  try {
    return buildPlatformRequest(runtime.definition, operationId, inputs);
  } catch (error) {
    if (error instanceof InputError || error instanceof UserError) return undefined;
    throw error;
  }
}

/** The connection's secret values (its securestring parameters), to be hidden wherever they appear. */
function secretValues(apiProperties: unknown, connection: ConnectionInput): string[] {
  const sets = parameterSets(apiProperties);
  const set =
    sets.find((candidate) => candidate.name === connection.parameterSet) ?? (sets.length === 1 ? sets[0] : undefined);
  const secretNames = new Set(
    (set ? set.parameters : sets.flatMap((candidate) => candidate.parameters))
      .filter((parameter) => parameter.type.toLowerCase() === 'securestring')
      .map((parameter) => parameter.name),
  );
  return Object.entries(connection.values)
    .filter(([name]) => secretNames.has(name))
    .map(([, value]) => value);
}

function secretsOf(emulator: RunningEmulator | undefined): string[] {
  if (!emulator) return [];
  const accessKey = /accesskey=([^;]+)/i.exec(emulator.connectionString)?.[1];
  return [...(accessKey ? [accessKey] : []), ...emulator.applications.map((app) => app.clientSecret)];
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  'referrer-policy': 'no-referrer',
};

/** DNS rebinding: a page of another site that resolves to 127.0.0.1 still sends its own Host. */
function sameHost(req: IncomingMessage, port: number): boolean {
  const host = String(req.headers.host ?? '');
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function sameOrigin(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY) throw new UserError('The request is larger than 1 MiB.');
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (isObject(value)) return value;
  } catch {
    // Answered below.
  }
  throw new UserError('The request is not a JSON object.');
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
