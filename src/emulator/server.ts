import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyRequest } from './auth.ts';
import { EMULATOR_MAX_REQUEST_BODY_BYTES, parseBody, readBody } from './body.ts';
import { TEAMS_AUDIENCE, entraMethodNotAllowed } from './entra.ts';
import * as replies from './responses.ts';
import type { Reply } from './responses.ts';
import { matchRoutes } from './routes.ts';
import type { Caller, EmulatorState } from './state.ts';
import { API_SUPPORTED_VERSIONS_HEADER, apiVersionFeatures } from './versions.ts';

export type { EmulatorState } from './state.ts';

/** The request handler: plain node:http, every state change synchronous (so concurrency-safe). */
export function createRequestHandler(state: EmulatorState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    req.on('error', () => res.destroy());
    readBody(req, (body) => {
      const replied = (reply: Reply) => send(req, res, reply, started, body === undefined);
      try {
        const reply =
          body === undefined ? replies.bodyTooLarge(EMULATOR_MAX_REQUEST_BODY_BYTES) : handle(state, req, body);
        if (reply instanceof Promise) reply.then(replied, () => replied(replies.internalError()));
        else replied(reply);
      } catch {
        replied(replies.internalError());
      }
    });
  };
}

// Every state change happens synchronously here; only token signing is awaited.
function handle(state: EmulatorState, req: IncomingMessage, body: Buffer): Reply | Promise<Reply> {
  const target = req.url ?? '/';
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const method = req.method ?? '';

  // Emulator-only and Entra ID routes are unsigned; they live outside the ACS paths.
  const open = matchRoutes(path, ['emulator', 'entra']);
  if (open.routes.length > 0) {
    const route = open.routes.find((candidate) => candidate.method === method);
    const request = { state, headers: req.headers, body, params: open.params };
    if (route?.area === 'emulator' || route?.area === 'entra') return route.handle(request);
    const allowed = open.routes.map((candidate) => candidate.method).join(', ');
    return open.routes[0]!.area === 'entra'
      ? entraMethodNotAllowed(allowed, method, req.headers)
      : replies.methodNotAllowed(allowed);
  }

  // Like the service, nothing is revealed to an unauthenticated request, not even whether a path exists.
  const caller = authenticate(state, req, target, body);
  if ('status' in caller) return caller;

  const acs = matchRoutes(path, ['acs']);
  if (acs.routes.length === 0) return replies.notFound();
  const route = acs.routes.find((candidate) => candidate.method === method);
  if (route?.area !== 'acs')
    return replies.methodNotAllowed(acs.routes.map((candidate) => candidate.method).join(', '));
  if (route.caller === 'teamsUser' && caller.kind !== 'teamsUser') return replies.teamsPhoneTokenRequired();
  if (route.caller !== 'teamsUser' && caller.kind !== 'resource') return replies.bearerDenied();

  const apiVersion = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1)).get('api-version');
  if (apiVersion === null || apiVersion === '') return replies.missingApiVersion();
  const features = apiVersionFeatures(apiVersion);
  if (!features) return replies.unsupportedApiVersion(apiVersion, API_SUPPORTED_VERSIONS_HEADER);

  const json = parseBody(body);
  if ('status' in json) return json;
  if (route.feature !== undefined && !features[route.feature]) return replies.notFound();
  return route.handle({ state, headers: req.headers, body, params: acs.params, caller, features, json: json.value });
}

/**
 * An HMAC signature, or a Microsoft Entra ID bearer token: an application's with a role on the
 * resource, or a Teams user's (or resource account's) own for the Teams audience; a reply when refused.
 */
function authenticate(state: EmulatorState, req: IncomingMessage, target: string, body: Buffer): Caller | Reply {
  // The scheme is case-insensitive (RFC 9110), the token is not.
  const bearer = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '');
  if (bearer) {
    const decision = state.entra.authorizeAcs(bearer[1]!);
    if (decision.ok) return RESOURCE;
    if (decision.status === 403) return replies.roleMissing();
    const teamsUser = state.entra.verifyToken(bearer[1]!, TEAMS_AUDIENCE);
    if (teamsUser.ok && teamsUser.claims.idtyp === 'user') return { kind: 'teamsUser', claims: teamsUser.claims };
    return replies.bearerDenied();
  }
  const verdict = verifyRequest(
    { method: req.method ?? '', target, headers: req.headers, body },
    state.accessKey,
    state.clock(),
  );
  if (verdict.ok) return RESOURCE;
  return verdict.reason === 'content-hash' ? replies.contentHashMismatch() : replies.denied();
}

const RESOURCE: Caller = { kind: 'resource' };

// MS-CV: a random per-process base plus a counter, unique per response without a syscall each.
const correlationBase = randomBytes(12).toString('base64url');
let correlationCounter = 0;
function nextCorrelationVector(): string {
  correlationCounter = (correlationCounter + 1) % 1_000_000_000;
  return `${correlationBase}${correlationCounter.toString(36).padStart(6, '0')}.0`;
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply, started: number, closeAfter: boolean): void {
  if (res.headersSent || res.destroyed) return;
  if (reply.entra) {
    const payload = JSON.stringify(reply.body);
    res
      .writeHead(reply.status, {
        ...reply.headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(payload)),
        ...(closeAfter ? { connection: 'close' } : {}),
      })
      .end(payload);
    if (closeAfter) res.on('finish', () => req.destroy());
    return;
  }
  const headers: Record<string, string> = {
    'api-supported-versions': API_SUPPORTED_VERSIONS_HEADER,
    'ms-cv': nextCorrelationVector(),
    'x-processing-time': `${Math.max(0, Math.round(performance.now() - started))}ms`,
    ...reply.headers,
  };
  const requestId = req.headers['x-ms-client-request-id'];
  if (typeof requestId === 'string' && /^[\x20-\x7e]{1,256}$/.test(requestId))
    headers['x-ms-client-request-id'] = requestId;
  if (closeAfter) headers.connection = 'close';
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
  } else {
    const payload = JSON.stringify(reply.body);
    headers['content-type'] = reply.status < 400 ? 'application/json; charset=utf-8' : 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
    res.writeHead(reply.status, headers).end(payload);
  }
  if (closeAfter) res.on('finish', () => req.destroy());
}
