/**
 * `acs-connector preview`: a local page that shows a connector folder as makers meet it, and runs
 * its actions through the same runtime and script.csx as `invoke`. Loopback only; the Host and
 * Origin of every request are checked, so another site in the browser cannot drive it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requireConnectorFolder } from '../connector-folder/index.ts';
import { TEAMS_USER_TOKEN_PATH } from '../emulator/emulator-endpoints.ts';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { isObject } from '../shared/json.ts';
import {
  readConnectionFlags,
  resolveConnection,
  type ConnectionOptions,
  type ResolvedConnection,
} from '../runtime/connection.ts';
import { EmbeddedEmulator } from './embedded-emulator.ts';
import { LiveFolder, type LiveFolderOptions } from './live-folder.ts';
import { pageHtml, pageScript } from './page-assets.ts';
import { runTest, signInChoices, testRequestOf } from './test-run.ts';

export interface PreviewOptions extends ConnectionOptions {
  dir: string;
  /** 0 lets the system choose a free port. */
  port: number;
  /** Validate the folder for the cards' findings (on by default). */
  validate?: boolean;
  /** When set, edits to these files rebuild the folder first (our own connector: the model). */
  modelSources?: LiveFolderOptions['modelSources'];
}

export interface RunningPreview {
  url: string;
  close(): Promise<void>;
}

/** What every request is answered from: the folder as it is now, the connection given at start, the emulator. */
interface Preview {
  folder: LiveFolder;
  given: ResolvedConnection | undefined;
  emulator: EmbeddedEmulator;
}

type Route = (req: IncomingMessage, res: ServerResponse, preview: Preview) => Promise<void> | void;

/** Everything the server answers, by method and path; POSTs come only from the page itself. */
const ROUTES: Record<string, Route> = {
  'GET /': servePage,
  'GET /page.js': serveScript,
  'GET /favicon.ico': (_req, res) => void res.writeHead(204).end(),
  'GET /api/model': serveModel,
  'GET /api/events': (req, res, preview) => preview.folder.stream(req, res),
  'POST /api/invoke': serveTestRun,
  'POST /api/emulator': serveEmulatorStart,
};

const MAX_REQUEST_BODY = 1024 * 1024;

export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const dir = requireConnectorFolder(options.dir);
  // As `invoke` reads them; undefined when neither the flags nor the environment give a connection.
  const given = await resolveConnection(await readConnectionFlags(options));
  const folder = await LiveFolder.open(dir, {
    validate: options.validate !== false,
    modelSources: options.modelSources,
  });
  const preview: Preview = { folder, given, emulator: new EmbeddedEmulator() };
  const server = createServer((req, res) => {
    answer(req, res, preview).catch((error: unknown) => answerFailure(res, error));
  });
  try {
    await listenOnLoopback(server, options.port);
  } catch (error) {
    await closePreview(server, preview);
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => (closing ??= closePreview(server, preview)),
  };
}

/** The connection given by flags or variables; none given means none (the embedded emulator is started on demand). */
function listenOnLoopback(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(`--port ${port} is already in use on 127.0.0.1.`, {
              hint: 'Pick another port, or leave --port out to let the system choose a free one.',
              exitCode: EXIT_STATUS.usage,
            })
          : error,
      ),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
}

async function closePreview(server: Server, preview: Preview): Promise<void> {
  preview.folder.stopWatching();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await preview.folder.close();
  await preview.emulator.close();
  await preview.given?.close();
}

async function answer(req: IncomingMessage, res: ServerResponse, preview: Preview): Promise<void> {
  const port = req.socket.localPort ?? 0;
  if (!sameHost(req, port)) {
    sendJson(res, 421, { error: { message: 'The preview answers only at its loopback address.' } });
    return;
  }
  const { pathname } = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
  const route = ROUTES[`${req.method} ${pathname}`];
  if (!route) {
    sendJson(res, 404, { error: { message: `Nothing at ${pathname}.` } });
    return;
  }
  if (req.method === 'POST' && !fromOwnPage(req, port)) {
    sendJson(res, 403, { error: { message: 'Calls are accepted only from the preview page itself.' } });
    return;
  }
  await route(req, res, preview);
}

function answerFailure(res: ServerResponse, error: unknown): void {
  const message = error instanceof UserError ? error.message : 'The preview server failed to answer.';
  if (!res.headersSent) sendJson(res, error instanceof UserError ? 400 : 500, { error: { message } });
  else res.end();
}

async function servePage(_req: IncomingMessage, res: ServerResponse, preview: Preview): Promise<void> {
  const { model } = await preview.folder.current();
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8' });
  res.end(pageHtml(model.connector.title));
}

async function serveScript(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  const script = await pageScript();
  res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/javascript; charset=utf-8' });
  res.end(script);
}

async function serveModel(_req: IncomingMessage, res: ServerResponse, preview: Preview): Promise<void> {
  const loaded = await preview.folder.current();
  const embedded = preview.emulator.running;
  sendJson(res, 200, {
    version: loaded.version,
    model: loaded.model,
    problem: preview.folder.problem,
    signIns: signInChoices(loaded, preview.given),
    emulator: embedded ? { endpoint: embedded.emulator.endpoint, teamsUserPath: TEAMS_USER_TOKEN_PATH } : undefined,
    loadMs: loaded.loadMs,
  });
}

async function serveTestRun(req: IncomingMessage, res: ServerResponse, preview: Preview): Promise<void> {
  const request = testRequestOf(await readJson(req));
  const started = performance.now();
  const loaded = await preview.folder.current();
  const outcome = await runTest(request, { loaded, given: preview.given, emulator: preview.emulator });
  const ownMs = 'durationMs' in outcome ? outcome.durationMs : 0;
  sendJson(res, 200, { ...outcome, serverMs: performance.now() - started - ownMs });
}

/** The page asks for the emulator before a Teams user signs in to its Entra ID stand-in. */
async function serveEmulatorStart(req: IncomingMessage, res: ServerResponse, preview: Preview): Promise<void> {
  await readJson(req);
  const { emulator } = await preview.emulator.start();
  sendJson(res, 200, { endpoint: emulator.endpoint, teamsUserPath: TEAMS_USER_TOKEN_PATH });
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
  'referrer-policy': 'no-referrer',
};

/** DNS rebinding: a page of another site that resolves to 127.0.0.1 still sends its own Host. */
function sameHost(req: IncomingMessage, port: number): boolean {
  const host = req.headers.host ?? '';
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** A form or a script of another site cannot send JSON with our Origin (or none), so a POST with both is the page's. */
function fromOwnPage(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  const sameOrigin =
    origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
  return sameOrigin && (req.headers['content-type'] ?? '').startsWith('application/json');
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
