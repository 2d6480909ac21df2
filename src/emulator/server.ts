import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyRequest } from './auth.ts';
import { MAX_BODY_BYTES, parseBody, readBody } from './body.ts';
import { HEALTH_PATH, INTROSPECT_PATH, TEAMS_USER_TOKEN_PATH, health, introspect } from './emulator-endpoints.ts';
import * as replies from './responses.ts';
import type { Reply } from './responses.ts';
import type { EntraStandIn } from './entra.ts';
import type { IdentityStore } from './store.ts';
import { checkTeamsExchange, issueTeamsUserToken } from './teams.ts';
import type { TokenIssuer, IssuedToken } from './tokens.ts';
import { API_SUPPORTED_VERSIONS_HEADER, apiVersionFeatures, type ApiVersionFeatures } from './versions.ts';
import { GUID } from './guid.ts';

export interface EmulatorState {
  accessKey: string;
  store: IdentityStore;
  issuer: TokenIssuer;
  entra: EntraStandIn;
  clock: () => number;
}

const IDENTITY_PATH = /^\/identities\/([^/?]+)(\/:issueAccessToken|\/:revokeAccessTokens)?$/;
const DEFAULT_EXPIRY_MINUTES = 1440;

/** The request handler: plain node:http, every state change synchronous (so concurrency-safe). */
export function createRequestHandler(state: EmulatorState): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = performance.now();
    req.on('error', () => res.destroy());
    readBody(req, (body) => {
      const replied = (reply: Reply) => send(req, res, reply, started, body === undefined);
      try {
        const reply = body === undefined ? replies.bodyTooLarge(MAX_BODY_BYTES) : handle(state, req, body);
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

  // Emulator-only endpoints (unsigned) come first; they live outside the ACS paths.
  if (path === INTROSPECT_PATH)
    return req.method === 'POST' ? introspect(state, body) : replies.methodNotAllowed('POST');
  if (path === HEALTH_PATH) return req.method === 'GET' ? health(state) : replies.methodNotAllowed('GET');
  if (path === TEAMS_USER_TOKEN_PATH)
    return req.method === 'POST' ? issueTeamsUserTokenFromBody(state, body) : replies.methodNotAllowed('POST');
  const entraReply = state.entra.handle(req.method ?? '', path, req.headers, body);
  if (entraReply !== undefined) return entraReply;

  // Like the service, nothing is revealed to an unauthenticated request, not even whether a path exists.
  const denial = authenticate(state, req, target, body);
  if (denial) return denial;

  const operation = route(req.method ?? '', path);
  if ('status' in operation) return operation;

  const apiVersion = new URLSearchParams(queryStart === -1 ? '' : target.slice(queryStart + 1)).get('api-version');
  if (apiVersion === null || apiVersion === '') return replies.missingApiVersion();
  const features = apiVersionFeatures(apiVersion);
  if (!features) return replies.unsupportedApiVersion(apiVersion, API_SUPPORTED_VERSIONS_HEADER);

  const json = parseBody(body);
  if ('status' in json) return json;

  switch (operation.name) {
    case 'create':
      return create(state, features, json.value);
    case 'exchangeTeams':
      if (!features.teamsExchange) return replies.notFound();
      return exchangeTeams(state, json.value);
    default: {
      const identity = resolveIdentity(state, operation.rawId);
      if ('status' in identity) return identity;
      if (operation.name === 'delete') {
        state.store.delete(identity.userPart);
        return { status: 204 };
      }
      if (operation.name === 'revoke') {
        state.store.revoke(identity.userPart, state.clock());
        return { status: 204 };
      }
      return issue(state, features, identity.userPart, json.value);
    }
  }
}

/** A Microsoft Entra ID bearer token or an HMAC signature, side by side; a reply when refused. */
function authenticate(state: EmulatorState, req: IncomingMessage, target: string, body: Buffer): Reply | undefined {
  // The scheme is case-insensitive (RFC 9110), the token is not.
  const bearer = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '');
  if (bearer) {
    const decision = state.entra.authorizeAcs(bearer[1]!);
    if (decision.ok) return undefined;
    return decision.status === 403 ? replies.roleMissing() : replies.bearerDenied();
  }
  const verdict = verifyRequest(
    { method: req.method ?? '', target, headers: req.headers, body },
    state.accessKey,
    state.clock(),
  );
  if (verdict.ok) return undefined;
  return verdict.reason === 'content-hash' ? replies.contentHashMismatch() : replies.denied();
}

type Operation = { name: 'create' | 'exchangeTeams' } | { name: 'delete' | 'issue' | 'revoke'; rawId: string };

function route(method: string, path: string): Operation | Reply {
  if (path === '/identities') return method === 'POST' ? { name: 'create' } : replies.methodNotAllowed('POST');
  if (path === '/teamsUser/:exchangeAccessToken')
    return method === 'POST' ? { name: 'exchangeTeams' } : replies.methodNotAllowed('POST');
  const match = IDENTITY_PATH.exec(path);
  if (!match) return replies.notFound();
  const rawId = match[1]!;
  if (match[2] === undefined)
    return method === 'DELETE' ? { name: 'delete', rawId } : replies.methodNotAllowed('DELETE');
  if (method !== 'POST') return replies.methodNotAllowed('POST');
  return { name: match[2] === '/:issueAccessToken' ? 'issue' : 'revoke', rawId };
}

function resolveIdentity(state: EmulatorState, rawId: string): { userPart: string } | Reply {
  let id: string;
  try {
    id = decodeURIComponent(rawId);
  } catch {
    return replies.malformedId();
  }
  const match = /^8:acs:([^_]+)_(.+)$/.exec(id);
  if (!match || !GUID.test(match[1]!)) return replies.malformedId();
  if (match[1]!.toLowerCase() !== state.store.resourceId.toLowerCase()) return replies.identityNotOwned();
  const userPart = match[2]!.toLowerCase();
  if (!GUID.test(userPart)) return replies.malformedId();
  if (!state.store.has(userPart)) return replies.identityNotFound();
  return { userPart };
}

function create(
  state: EmulatorState,
  features: ApiVersionFeatures,
  body: Record<string, unknown>,
): Reply | Promise<Reply> {
  const scopes = body.createTokenWithScopes;
  const wantsToken = scopes !== undefined && scopes !== null && !(Array.isArray(scopes) && scopes.length === 0);
  const expiry = readExpiry(features, body.expiresInMinutes);
  if (typeof expiry !== 'number') return expiry;
  let checkedScopes: string[] = [];
  if (wantsToken) {
    const checked = readScopes(features, scopes, 'createTokenWithScopes');
    if (!Array.isArray(checked)) return checked;
    checkedScopes = checked;
  }
  const now = state.clock();
  const userPart = randomUUID();
  state.store.add(userPart, now);
  const identity = { id: `8:acs:${state.store.resourceId}_${userPart}` };
  if (!wantsToken) return { status: 201, body: { identity } };
  return issueFor(state, userPart, checkedScopes, expiry, now).then((accessToken) => ({
    status: 201,
    body: { identity, accessToken },
  }));
}

function issue(
  state: EmulatorState,
  features: ApiVersionFeatures,
  userPart: string,
  body: Record<string, unknown>,
): Reply | Promise<Reply> {
  const scopes = readScopes(features, body.scopes, 'scopes');
  if (!Array.isArray(scopes)) return scopes;
  const expiry = readExpiry(features, body.expiresInMinutes);
  if (typeof expiry !== 'number') return expiry;
  return issueFor(state, userPart, scopes, expiry, state.clock()).then((token) => ({ status: 200, body: token }));
}

function exchangeTeams(state: EmulatorState, body: Record<string, unknown>): Reply | Promise<Reply> {
  const now = state.clock();
  const exchange = checkTeamsExchange(state.entra, body, now);
  if (!exchange.ok) return exchange.reply;
  return state.issuer
    .issueForTeamsUser(
      { resourceId: state.store.resourceId, objectId: exchange.objectId },
      exchange.acsScopes,
      exchange.expiresAtMs,
      now,
    )
    .then((token) => ({ status: 200, body: token }));
}

function issueTeamsUserTokenFromBody(state: EmulatorState, body: Buffer): Reply | Promise<Reply> {
  const json = parseBody(body);
  return 'status' in json ? json : issueTeamsUserToken(state.entra, json.value);
}

function issueFor(
  state: EmulatorState,
  userPart: string,
  scopes: string[],
  expiresInMinutes: number,
  now: number,
): Promise<IssuedToken> {
  // Strictly after the identity's "valid after" mark, so a token issued right after a revoke is valid.
  const issuedAt = Math.max(now, (state.store.validAfter(userPart) ?? now - 1) + 1);
  return state.issuer.issue({ resourceId: state.store.resourceId, userPart }, scopes, expiresInMinutes, issuedAt);
}

function readScopes(features: ApiVersionFeatures, value: unknown, field: string): string[] | Reply {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0))
    return replies.scopesRequired();
  if (!Array.isArray(value)) return replies.invalidScopesType(field);
  for (const scope of value) {
    if (typeof scope !== 'string' || !features.scopes.includes(scope))
      return replies.unknownScope(scope, features.scopes);
  }
  return value as string[];
}

function readExpiry(features: ApiVersionFeatures, value: unknown): number | Reply {
  if (!features.customExpiry || value === undefined || value === null) return DEFAULT_EXPIRY_MINUTES;
  if (typeof value !== 'number' || !Number.isInteger(value)) return replies.expiryNotInteger(value);
  if (value < 60 || value > 1440) return replies.expiryOutOfRange(value);
  return value;
}

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
