import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { SigningKey } from './jwt.ts';
import { EntraStandIn, type EntraApplication, type EntraApplicationOptions } from './entra.ts';
import { createRequestHandler } from './server.ts';
import { IdentityStore } from './store.ts';
import { TokenIssuer } from './tokens.ts';
import { GUID } from './guid.ts';

export { STABLE_API_VERSIONS } from './versions.ts';
export { EMULATOR_MAX_REQUEST_BODY_BYTES } from './body.ts';
export { INTROSPECT_PATH, HEALTH_PATH, TEAMS_USER_TOKEN_PATH } from './emulator-endpoints.ts';
export {
  ACS_ROLES,
  COMMUNICATION_AUDIENCE,
  TEAMS_AUDIENCE,
  type EntraApplication,
  type EntraApplicationOptions,
  type EntraStandIn,
} from './entra.ts';

export interface EmulatorOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** base64 access key of the emulated resource; generated when absent. */
  accessKey?: string;
  /** GUID of the emulated resource; taken from the state file or generated when absent. */
  resourceId?: string;
  /** JSON file that keeps identities across restarts; in memory when absent. */
  stateFile?: string;
  /** Epoch milliseconds; tests move time with it. */
  clock?: () => number;
  /** Milliseconds a client may take to send its request headers before it gets 408; default 60 s. */
  headersTimeout?: number;
  /**
   * Microsoft Entra ID applications that may call the resource with bearer tokens. Default: one
   * generated application with the Contributor role; [] registers none.
   */
  applications?: EntraApplicationOptions[];
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:PORT/ */
  endpoint: string;
  connectionString: string;
  resourceId: string;
  /** The Entra ID stand-in on the same server: authority host is `endpoint`. */
  entra: EntraStandIn;
  /** The registered applications (with their secrets: local, the user's own). */
  applications: EntraApplication[];
  close(): Promise<void>;
}

/** A flag value that can never work is a usage error, like commander's own (exit 2). */
const USAGE = { exitCode: EXIT_STATUS.usage };

/** How to write --entra-app, for its errors (cli.ts parses the flag, startEmulator registers it). */
export const ENTRA_APP_HINT =
  'Use --entra-app tenant=<GUID>,client=<GUID>,secret=<text>,role=Contributor|none; leave out any part to generate it.';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HOST = /^[A-Za-z0-9.:-]+$/;

/** Starts the local ACS Identity emulator; resolves once it is listening. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const settings = checkOptions(options);
  if (settings.stateFile !== undefined) await assertFolderExists(settings.stateFile);
  const clock = options.clock ?? Date.now;
  // The Entra key is generated on the thread pool while the ACS key is generated here.
  const entraKey = SigningKey.generate('entra-');
  const issuer = new TokenIssuer();
  const entra = await EntraStandIn.create(clock, entraKey);
  registerApplications(entra, options.applications ?? [{}]);
  const store = await IdentityStore.open(options.resourceId?.toLowerCase(), settings.stateFile, randomUUID);
  const handler = createRequestHandler({ accessKey: settings.accessKey, store, issuer, entra, clock });
  const server = createHttpServer(handler, options.headersTimeout ?? 60_000);
  const endpoint = await listen(server, settings.host, settings.port);
  entra.authorityHost = endpoint;

  let closing: Promise<void> | undefined;
  return {
    endpoint,
    connectionString: `endpoint=${endpoint};accesskey=${settings.accessKey}`,
    resourceId: store.resourceId,
    entra,
    applications: entra.applications,
    close() {
      closing ??= (async () => {
        await closeServer(server);
        await store.flush();
      })();
      return closing;
    },
  };
}

/** The options checked as the flags they come from; a value that can never work is a usage error. */
function checkOptions(options: EmulatorOptions): { port: number; host: string; accessKey: string; stateFile?: string } {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw notAPort(String(port));
  const host = options.host ?? '127.0.0.1';
  if (!HOST.test(host)) {
    throw new UserError(`--host "${host}" is not a host name or IP address.`, {
      hint: 'Use for example 127.0.0.1 (the default) or localhost.',
      ...USAGE,
    });
  }
  const accessKey = options.accessKey ?? randomBytes(32).toString('base64');
  if (accessKey === '' || !BASE64.test(accessKey)) {
    // The value itself is never echoed: it is a secret.
    throw new UserError('--access-key is not base64.', {
      hint: 'Pass a base64 key such as the output of `openssl rand -base64 32`, or leave it out to generate one.',
      ...USAGE,
    });
  }
  if (options.resourceId !== undefined && !GUID.test(options.resourceId)) {
    throw new UserError(`--resource-id "${options.resourceId}" is not a GUID.`, {
      hint: 'Use the form 2dee53b4-368b-45b4-ab52-8493fb117652, or leave it out to generate one.',
      ...USAGE,
    });
  }
  return {
    port,
    host,
    accessKey,
    ...(options.stateFile === undefined ? {} : { stateFile: resolve(options.stateFile) }),
  };
}

function registerApplications(entra: EntraStandIn, applications: EntraApplicationOptions[]): void {
  for (const application of applications) {
    try {
      entra.register(application);
    } catch (error) {
      throw new UserError(`--entra-app: ${(error as Error).message}.`, { hint: ENTRA_APP_HINT, ...USAGE });
    }
  }
}

function createHttpServer(handler: RequestListener, headersTimeout: number): Server {
  // requireHostHeader off: a request without Host must get the service's 401, not Node's 400.
  const server = createServer(
    // Node checks for late headers every connectionsCheckingInterval: a tenth of the limit keeps the answer near it.
    {
      requireHostHeader: false,
      keepAliveTimeout: 5_000,
      headersTimeout,
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, headersTimeout / 10)),
    },
    handler,
  );
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // Not parseable as HTTP (or too slow): answer in JSON like every other error, then drop the connection.
    if (!socket.writable) return socket.destroy();
    const [status, code, message] = connectionError(error.code);
    const body = JSON.stringify({ error: { code, message } });
    socket.end(
      `HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

/** Listens and resolves with the endpoint (`http://host:port/`) as clients write it. */
async function listen(server: Server, host: string, port: number): Promise<string> {
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, port)));
    server.listen(port, host, () => resolvePromise());
  });
  const address = server.address() as AddressInfo;
  const endpointHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${endpointHost}:${address.port}/`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((done) => {
    server.close(() => done());
    server.closeIdleConnections();
    // Requests still in flight get a moment to finish, then their sockets are closed too.
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}

function connectionError(code: string | undefined): [status: string, code: string, message: string] {
  if (code === 'HPE_HEADER_OVERFLOW')
    return ['431 Request Header Fields Too Large', 'BadRequest', 'The request headers are too large.'];
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return ['408 Request Timeout', 'RequestTimeout', 'The request did not arrive in time.'];
  return ['400 Bad Request', 'BadRequest', 'The request is not valid HTTP/1.1.'];
}

export function notAPort(value: string): UserError {
  return new UserError(`--port ${value} is not a TCP port.`, {
    hint: 'Use a whole number from 1 to 65535, or 0 for any free port.',
    ...USAGE,
  });
}

async function assertFolderExists(stateFile: string): Promise<void> {
  const folder = dirname(stateFile);
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UserError(`The folder of the --state file ${stateFile} does not exist.`, {
      hint: `Create ${folder} first, or pass a --state path in an existing folder.`,
      ...USAGE,
    });
  }
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new UserError(`--port ${port} is already in use on ${host}.`, {
      hint: 'Pick another port, or --port 0 for any free one.',
    });
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new UserError(`--host ${host} is not an address of this machine.`, {
      hint: 'Use 127.0.0.1 (the default) or localhost.',
    });
  }
  if (error.code === 'EACCES') {
    return new UserError(`--port ${port} needs administrator rights on ${host}.`, {
      hint: 'Use a port above 1023, or --port 0.',
    });
  }
  return error;
}
