import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { sameText } from './auth.ts';
import { SigningKey } from './jwt.ts';
import type { Reply } from './responses.ts';
import { GUID } from './guid.ts';

/**
 * A Microsoft Entra ID stand-in on the emulator's own server: OpenID configuration, JWKS and the
 * v2.0 token endpoint for the client-credentials grant, with the applications registered at start.
 * Its tokens are what Entra issues for the ACS resource (and, through `issueToken`, for any other
 * audience such as Teams user tokens): RS256, v1 claims (`appid`, `oid`, `tid`), one issuer per tenant.
 */

/** The resource (audience) of Communication Services data-plane tokens. */
export const COMMUNICATION_AUDIENCE = 'https://communication.azure.com';
/** The audience of the Entra user tokens that ACS exchanges for Teams users (Custom Teams Endpoint). */
export const TEAMS_AUDIENCE = 'https://auth.msft.communication.azure.com';
/** Azure roles on a Communication Services resource that allow the Identity operations. */
export const ACS_ROLES: readonly string[] = ['Owner', 'Contributor', 'Communication and Email Service Owner'];
/** What Entra answers for a client-credentials token: `expires_in` of about an hour. */
export const APP_TOKEN_LIFETIME_SECONDS = 3599;

export interface EntraApplication {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Object id of the application's service principal in its tenant (the token's `oid`). */
  objectId: string;
  /** Azure role assigned to the service principal on the ACS resource; undefined when none. */
  role: string | undefined;
}

export interface EntraApplicationOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** Default 'Contributor'; null registers the application without any role on the resource. */
  role?: string | null;
}

export interface EntraClaims {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  appidacr: string;
  idp: string;
  idtyp: 'app' | 'user';
  oid: string;
  sub: string;
  tid: string;
  uti: string;
  ver: '1.0';
  /** Delegated scopes, space separated (user tokens only). */
  scp?: string;
  [claim: string]: unknown;
}

export type TokenCheck =
  | { ok: true; claims: EntraClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'issuer' | 'audience' | 'expired' | 'not-yet-valid' };

/** The stand-in's paths (its routes are in routes.ts, beside the service's). */
export const ENTRA_TOKEN_PATH = /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/;
export const ENTRA_OPENID_PATH = /^\/(?<tenant>[^/]+)(?<v2>\/v2\.0)?\/\.well-known\/openid-configuration$/;
export const ENTRA_KEYS_PATH = /^\/(?<tenant>[^/]+)\/discovery(?:\/v2\.0)?\/keys$/;
const MAX_FORM_FIELD = 8 * 1024;

export class EntraStandIn {
  readonly #key: SigningKey;
  readonly #clock: () => number;
  /** tenant id (lower case) → client id (lower case) → application. */
  readonly #tenants = new Map<string, Map<string, EntraApplication>>();
  #base = 'http://127.0.0.1/';

  private constructor(key: SigningKey, clock: () => number) {
    this.#key = key;
    this.#clock = clock;
  }

  /** `key` may be started early: generating it is the costly part, and runs on the thread pool. */
  static async create(
    clock: () => number,
    key: Promise<SigningKey> = SigningKey.generate('entra-'),
  ): Promise<EntraStandIn> {
    return new EntraStandIn(await key, clock);
  }

  /** The server's own URL (`http://host:port/`), known once it listens: the authority host. */
  set authorityHost(base: string) {
    this.#base = base.endsWith('/') ? base : `${base}/`;
  }

  get authorityHost(): string {
    return this.#base;
  }

  /** The issuer of this tenant's tokens (Entra's `https://sts.windows.net/{tenant}/`, on this server). */
  issuer(tenantId: string): string {
    return `${this.#base}${tenantId.toLowerCase()}/`;
  }

  tokenEndpoint(tenantId: string): string {
    return `${this.#base}${tenantId.toLowerCase()}/oauth2/v2.0/token`;
  }

  get applications(): EntraApplication[] {
    return [...this.#tenants.values()].flatMap((apps) => [...apps.values()]);
  }

  /** Registers an application; absent ids and secret are generated. Throws on a malformed value. */
  register(options: EntraApplicationOptions = {}): EntraApplication {
    const tenantId = (options.tenantId ?? randomUUID()).toLowerCase();
    const clientId = (options.clientId ?? randomUUID()).toLowerCase();
    if (!GUID.test(tenantId)) throw new TypeError(`tenant ID "${tenantId}" is not a GUID`);
    if (!GUID.test(clientId)) throw new TypeError(`client ID "${clientId}" is not a GUID`);
    // Entra's generated secrets are 40 characters of this alphabet.
    const clientSecret = options.clientSecret ?? randomBytes(30).toString('base64url');
    if (clientSecret === '' || clientSecret.length > 512)
      throw new TypeError('the client secret must be 1 to 512 characters');
    const role = options.role === null ? undefined : (options.role ?? 'Contributor');
    if (role !== undefined && !ACS_ROLES.includes(role))
      throw new TypeError(`role "${role}" is not one of ${ACS_ROLES.join(', ')} (or none)`);
    const application: EntraApplication = { tenantId, clientId, clientSecret, objectId: randomUUID(), role };
    let apps = this.#tenants.get(tenantId);
    if (!apps) this.#tenants.set(tenantId, (apps = new Map<string, EntraApplication>()));
    if (apps.has(clientId)) throw new TypeError(`client ID ${clientId} is registered twice in tenant ${tenantId}`);
    apps.set(clientId, application);
    return application;
  }

  application(tenantId: string, clientId: string): EntraApplication | undefined {
    return this.#tenants.get(tenantId.toLowerCase())?.get(clientId.toLowerCase());
  }

  /**
   * Signs a token for any audience, as Entra would issue it to `appId` (acting for `objectId`):
   * the client-credentials grant uses it for ACS, and Teams user tokens come from it too.
   */
  async issueToken(request: {
    tenantId: string;
    audience: string;
    appId: string;
    objectId: string;
    kind?: 'app' | 'user';
    scp?: string;
    lifetimeSeconds?: number;
    extraClaims?: Record<string, unknown>;
  }): Promise<{ token: string; expiresOn: number; claims: EntraClaims }> {
    const now = Math.floor(this.#clock() / 1000);
    const tenantId = request.tenantId.toLowerCase();
    const claims: EntraClaims = {
      aud: request.audience,
      iss: this.issuer(tenantId),
      iat: now,
      nbf: now,
      exp: now + (request.lifetimeSeconds ?? APP_TOKEN_LIFETIME_SECONDS),
      appid: request.appId,
      appidacr: request.kind === 'user' ? '0' : '1',
      idp: this.issuer(tenantId),
      idtyp: request.kind ?? 'app',
      oid: request.objectId,
      sub: request.objectId,
      tid: tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
      ...(request.scp === undefined ? {} : { scp: request.scp }),
      // Last, so that tests can also shape claims the standard ones would set (nbf, exp, iss).
      ...request.extraClaims,
    };
    return { token: await this.#key.sign(claims), expiresOn: claims.exp, claims };
  }

  /** Checks a bearer token as a resource server does: signature, issuer, audience and lifetime. */
  verifyToken(token: string, audience: string): TokenCheck {
    if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return { ok: false, reason: 'malformed' };
    const payload = this.#key.read(token);
    if (!payload) return { ok: false, reason: 'signature' };
    const claims = payload as EntraClaims;
    if (typeof claims.tid !== 'string' || !this.#tenants.has(claims.tid) || claims.iss !== this.issuer(claims.tid))
      return { ok: false, reason: 'issuer' };
    if (claims.aud !== audience && claims.aud !== `${audience}/`) return { ok: false, reason: 'audience' };
    const now = this.#clock() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return { ok: false, reason: 'expired' };
    if (typeof claims.nbf === 'number' && claims.nbf > now) return { ok: false, reason: 'not-yet-valid' };
    return { ok: true, claims };
  }

  /** Decides an ACS request carrying `Authorization: Bearer …`: the token, then the app's role. */
  authorizeAcs(token: string): { ok: true; application: EntraApplication } | { ok: false; status: 401 | 403 } {
    const check = this.verifyToken(token, COMMUNICATION_AUDIENCE);
    if (!check.ok || check.claims.idtyp !== 'app') return { ok: false, status: 401 };
    const application = this.application(check.claims.tid, check.claims.appid);
    if (!application || application.objectId !== check.claims.oid) return { ok: false, status: 401 };
    // Azure RBAC is looked up on every call, as the service does: the role is not in the token.
    return application.role === undefined ? { ok: false, status: 403 } : { ok: true, application };
  }

  /** `GET /discovery/keys`: the stand-in's signing key as a JWKS. */
  keys(): Reply {
    return entraReply(200, { keys: [this.#key.publicJwk()] });
  }

  /** `GET /{tenant}[/v2.0]/.well-known/openid-configuration`. */
  openIdConfiguration(tenant: string, v2: boolean, headers: IncomingHttpHeaders): Reply {
    if (!this.#tenants.has(tenant.toLowerCase())) return tenantNotFound(tenant, headers);
    const t = `${this.#base}${tenant.toLowerCase()}`;
    const suffix = v2 ? '/v2.0' : '';
    return entraReply(200, {
      token_endpoint: `${t}/oauth2${suffix}/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${t}/discovery${suffix}/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      // Tokens for ACS and Teams are v1 tokens (Entra issues those for resources that accept them).
      issuer: v2 ? `${t}/v2.0` : this.issuer(tenant),
      authorization_endpoint: `${t}/oauth2${suffix}/authorize`,
      end_session_endpoint: `${t}/oauth2${suffix}/logout`,
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    });
  }

  /** `POST /{tenant}/oauth2/v2.0/token`: the client-credentials grant. */
  async token(tenant: string, headers: IncomingHttpHeaders, body: Buffer): Promise<Reply> {
    const apps = this.#tenants.get(tenant.toLowerCase());
    if (!apps) return tenantNotFound(tenant, headers);
    const fail: Fail = (status, error, code, message) => entraError(status, error, code, message, headers);
    const request = readTokenRequest(headers, body, fail);
    if ('reply' in request) return request.reply;
    const application = authenticate(apps, tenant, request.ok, fail);
    if ('reply' in application) return application.reply;
    const refused = checkScope(request.ok.scope, tenant, fail);
    if (refused) return refused;
    const issued = await this.issueToken({
      tenantId: application.ok.tenantId,
      audience: COMMUNICATION_AUDIENCE,
      appId: application.ok.clientId,
      objectId: application.ok.objectId,
    });
    return entraReply(200, {
      token_type: 'Bearer',
      expires_in: APP_TOKEN_LIFETIME_SECONDS,
      ext_expires_in: APP_TOKEN_LIFETIME_SECONDS,
      access_token: issued.token,
    });
  }
}

/** One of Entra's error answers: its HTTP status, OAuth error, AADSTS code and message. */
type Fail = (status: number, error: string, code: number, message: string) => Reply;
/** What a step of the token request gives: its result, or Entra's refusal. */
type Outcome<T> = { ok: T } | { reply: Reply };

interface TokenRequest {
  clientId: string;
  clientSecret: string | undefined;
  scope: string;
}

/** The form's fields for the client-credentials grant, in the order Entra checks them. */
function readTokenRequest(headers: IncomingHttpHeaders, body: Buffer, fail: Fail): Outcome<TokenRequest> {
  const form = readForm(headers, body);
  if ('duplicate' in form)
    return {
      reply: fail(
        400,
        'invalid_request',
        9000411,
        `The request is not properly formatted. The parameter '${form.duplicate}' is duplicated.`,
      ),
    };
  const fields = form.fields;
  // client_secret_basic: the client id and secret may come in an Authorization: Basic header.
  const basic = readBasic(headers.authorization);
  const clientId = fields.get('client_id') ?? basic?.clientId;
  const clientSecret = fields.get('client_secret') ?? basic?.clientSecret;
  const missing = (name: string) => ({
    reply: fail(400, 'invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  });
  const grantType = fields.get('grant_type');
  if (grantType === undefined) return missing('grant_type');
  if (grantType !== 'client_credentials')
    return {
      reply: fail(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grantType}'.`),
    };
  if (clientId === undefined) return missing('client_id');
  const scope = fields.get('scope');
  if (scope === undefined) return missing('scope');
  return { ok: { clientId, clientSecret, scope } };
}

/** The tenant's application the request names, when its secret is right. */
function authenticate(
  apps: Map<string, EntraApplication>,
  tenant: string,
  request: TokenRequest,
  fail: Fail,
): Outcome<EntraApplication> {
  const application = apps.get(request.clientId.toLowerCase());
  if (!application) {
    return {
      reply: fail(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${request.clientId}' was not found in the directory '${tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      ),
    };
  }
  if (request.clientSecret === undefined)
    return {
      reply: fail(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      ),
    };
  if (!sameText(request.clientSecret, application.clientSecret)) {
    return {
      reply: fail(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${application.clientId}'.`,
      ),
    };
  }
  return { ok: application };
}

/** Entra's refusal when the scope is not Communication Services' `/.default`; undefined when it is. */
function checkScope(scope: string, tenant: string, fail: Fail): Reply | undefined {
  const scopes = scope.split(' ').filter((value) => value !== '');
  const resource =
    scopes.length === 1 && scopes[0]!.endsWith('/.default') ? scopes[0]!.slice(0, -'/.default'.length) : undefined;
  if (resource === undefined) {
    return fail(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  // The SDKs ask for `https://communication.azure.com//.default`: the resource with its trailing slash.
  if (resource.replace(/\/$/, '') !== COMMUNICATION_AUDIENCE) {
    return fail(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  return undefined;
}

/** Entra's answers carry no ACS headers; `entra` tells the server to send them as they are. */
function entraReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    body,
    entra: true,
    headers: { 'cache-control': 'no-store, no-cache', pragma: 'no-cache', 'x-ms-request-id': randomUUID(), ...headers },
  };
}

/** Entra's error shape: AADSTS code and trace lines in the description, the same facts as fields. */
function entraError(status: number, error: string, code: number, message: string, headers: IncomingHttpHeaders): Reply {
  const traceId = randomUUID();
  // Entra uses the caller's client-request-id as the correlation id when it sends one.
  const requested = headers['client-request-id'];
  const correlationId = typeof requested === 'string' && GUID.test(requested) ? requested.toLowerCase() : randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
  return entraReply(
    status,
    {
      error,
      error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
    { 'x-ms-request-id': traceId },
  );
}

function tenantNotFound(tenant: string, headers: IncomingHttpHeaders): Reply {
  return entraError(
    400,
    'invalid_tenant',
    90002,
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    headers,
  );
}

/** Entra's answer to a method an endpoint does not take (`allowed` is e.g. "POST"). */
export function entraMethodNotAllowed(allowed: string, method: string, headers: IncomingHttpHeaders): Reply {
  return entraError(
    400,
    'invalid_request',
    900561,
    `The endpoint only accepts ${allowed}, OPTIONS requests. Received a ${method} request.`,
    headers,
  );
}

function readForm(headers: IncomingHttpHeaders, body: Buffer): { fields: Map<string, string> } | { duplicate: string } {
  const fields = new Map<string, string>();
  const type = headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) return { fields };
  for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
    if (fields.has(name)) return { duplicate: name };
    if (value.length <= MAX_FORM_FIELD) fields.set(name, value);
  }
  return { fields };
}

function readBasic(authorization: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const match = authorization === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(authorization);
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return undefined;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before they are joined.
  try {
    return {
      clientId: decodeURIComponent(decoded.slice(0, colon)),
      clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
    };
  } catch {
    return undefined;
  }
}

export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
