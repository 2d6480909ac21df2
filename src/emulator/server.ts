import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyRequest } from './auth.ts';
import * as replies from './responses.ts';
import type { Reply } from './responses.ts';
import type { IdentityStore } from './store.ts';
import type { TokenIssuer, IssuedToken } from './tokens.ts';
import { API_SUPPORTED_VERSIONS_HEADER, apiVersionFeatures, type ApiVersionFeatures } from './versions.ts';

export const MAX_BODY_BYTES = 64 * 1024;
export const INTROSPECT_PATH = '/_emulator/tokens:introspect';
export const HEALTH_PATH = '/_emulator/health';

export interface EmulatorState {
  accessKey: string;
  store: IdentityStore;
  issuer: TokenIssuer;
  clock: () => number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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

  // Emulator-only endpoints: outside the ACS paths and unsigned, for tests and tooling.
  if (path === INTROSPECT_PATH) return req.method === 'POST' ? introspect(state, body) : replies.methodNotAllowed('POST');
  if (path === HEALTH_PATH) return req.method === 'GET' ? health(state) : replies.methodNotAllowed('GET');

  // Like the service, nothing is revealed to an unsigned request, not even whether a path exists.
  const verdict = verifyRequest({ method: req.method ?? '', target, headers: req.headers, body }, state.accessKey, state.clock());
  if (!verdict.ok) return verdict.reason === 'content-hash' ? replies.contentHashMismatch() : replies.denied();

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
      // No Entra ID here to validate a Teams token against: every exchange is refused as invalid.
      return replies.teamsTokenInvalid();
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

type Operation = { name: 'create' | 'exchangeTeams' } | { name: 'delete' | 'issue' | 'revoke'; rawId: string };

function route(method: string, path: string): Operation | Reply {
  if (path === '/identities') return method === 'POST' ? { name: 'create' } : replies.methodNotAllowed('POST');
  if (path === '/teamsUser/:exchangeAccessToken') return method === 'POST' ? { name: 'exchangeTeams' } : replies.methodNotAllowed('POST');
  const match = IDENTITY_PATH.exec(path);
  if (!match) return replies.notFound();
  const rawId = match[1]!;
  if (match[2] === undefined) return method === 'DELETE' ? { name: 'delete', rawId } : replies.methodNotAllowed('DELETE');
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

function create(state: EmulatorState, features: ApiVersionFeatures, body: Record<string, unknown>): Reply | Promise<Reply> {
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
  return issueFor(state, userPart, checkedScopes, expiry, now).then((accessToken) => ({ status: 201, body: { identity, accessToken } }));
}

function issue(state: EmulatorState, features: ApiVersionFeatures, userPart: string, body: Record<string, unknown>): Reply | Promise<Reply> {
  const scopes = readScopes(features, body.scopes, 'scopes');
  if (!Array.isArray(scopes)) return scopes;
  const expiry = readExpiry(features, body.expiresInMinutes);
  if (typeof expiry !== 'number') return expiry;
  return issueFor(state, userPart, scopes, expiry, state.clock()).then((token) => ({ status: 200, body: token }));
}

function issueFor(state: EmulatorState, userPart: string, scopes: string[], expiresInMinutes: number, now: number): Promise<IssuedToken> {
  // Strictly after the identity's "valid after" mark, so a token issued right after a revoke is valid.
  const issuedAt = Math.max(now, (state.store.validAfter(userPart) ?? now - 1) + 1);
  return state.issuer.issue({ resourceId: state.store.resourceId, userPart }, scopes, expiresInMinutes, issuedAt);
}

function readScopes(features: ApiVersionFeatures, value: unknown, field: string): string[] | Reply {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) return replies.scopesRequired();
  if (!Array.isArray(value)) return replies.invalidScopesType(field);
  for (const scope of value) {
    if (typeof scope !== 'string' || !features.scopes.includes(scope)) return replies.unknownScope(scope, features.scopes);
  }
  return value as string[];
}

function readExpiry(features: ApiVersionFeatures, value: unknown): number | Reply {
  if (!features.customExpiry || value === undefined || value === null) return DEFAULT_EXPIRY_MINUTES;
  if (typeof value !== 'number' || !Number.isInteger(value)) return replies.expiryNotInteger(value);
  if (value < 60 || value > 1440) return replies.expiryOutOfRange(value);
  return value;
}

function parseBody(body: Buffer): { value: Record<string, unknown> } | Reply {
  const text = body.toString('utf8');
  if (text.trim() === '') return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return replies.invalidJson();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return replies.bodyNotObject();
  return { value: value as Record<string, unknown> };
}

export type IntrospectionReason = 'malformed' | 'signature' | 'expired' | 'revoked' | 'deleted' | 'other-resource';

function introspect(state: EmulatorState, body: Buffer): Reply {
  const json = parseBody(body);
  if ('status' in json) return json;
  const token = json.value.token;
  if (typeof token !== 'string' || token === '') {
    return { status: 400, body: { error: { code: 'ValidationError', message: 'Send {"token": "<access token>"}.', target: 'token' } } };
  }
  const inactive = (reason: IntrospectionReason): Reply => ({ status: 200, body: { active: false, reason } });
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return inactive('malformed');
  const claims = state.issuer.readClaims(token);
  if (!claims) return inactive('signature');
  const prefix = `acs:${state.store.resourceId}_`;
  if (claims.resourceId !== state.store.resourceId || !claims.skypeid.startsWith(prefix)) return inactive('other-resource');
  const userPart = claims.skypeid.slice(prefix.length);
  const validAfter = state.store.validAfter(userPart);
  if (validAfter === undefined) return inactive('deleted');
  if (claims.emulatorIssuedAtMs <= validAfter) return inactive('revoked');
  if (claims.exp * 1000 <= state.clock()) return inactive('expired');
  return {
    status: 200,
    body: { active: true, id: `8:acs:${state.store.resourceId}_${userPart}`, scopes: claims.acsScope.split(','), exp: claims.exp },
  };
}

function health(state: EmulatorState): Reply {
  const memory = process.memoryUsage();
  const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const cpu = process.cpuUsage();
  return {
    status: 200,
    body: { status: 'ok', identities: state.store.size, rssMb: megabytes(memory.rss), heapUsedMb: megabytes(memory.heapUsed), cpuMs: Math.round((cpu.user + cpu.system) / 1000) },
  };
}

// MS-CV: a random per-process base plus a counter, unique per response without a syscall each.
const correlationBase = randomBytes(12).toString('base64url');
let correlationCounter = 0;
function nextCorrelationVector(): string {
  correlationCounter = (correlationCounter + 1) % 1_000_000_000;
  return `${correlationBase}${correlationCounter.toString(36).padStart(6, '0')}.0`;
}

/** Calls back with the raw body, or undefined when it exceeds MAX_BODY_BYTES. */
function readBody(req: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    done(undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      if (!tooLarge) {
        tooLarge = true;
        done(undefined);
      }
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!tooLarge) done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  });
}

function send(req: IncomingMessage, res: ServerResponse, reply: Reply, started: number, closeAfter: boolean): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = {
    'api-supported-versions': API_SUPPORTED_VERSIONS_HEADER,
    'ms-cv': nextCorrelationVector(),
    'x-processing-time': `${Math.max(0, Math.round(performance.now() - started))}ms`,
    ...reply.headers,
  };
  const requestId = req.headers['x-ms-client-request-id'];
  if (typeof requestId === 'string' && /^[\x20-\x7e]{1,256}$/.test(requestId)) headers['x-ms-client-request-id'] = requestId;
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
