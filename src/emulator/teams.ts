import { randomUUID } from 'node:crypto';
import { TEAMS_AUDIENCE, type EntraStandIn } from './entra.ts';
import * as replies from './responses.ts';
import type { Reply } from './responses.ts';
import type { AcsRequest } from './state.ts';
import { GUID } from './guid.ts';

/**
 * "Exchange a Teams user access token" as the service decides it: the request's fields first,
 * then the Microsoft Entra token (signature, issuer, audience, lifetime, Teams scope), then the
 * token's `appid` and `oid` against the request's appId and userId. The answers are the ones
 * Microsoft's SDK tests recorded against the service (see src/emulator/README.md).
 */

/** The delegated permissions of the Teams exchange, and the ACS scope each one grants. */
export const TEAMS_PERMISSIONS: Readonly<Record<string, string>> = {
  'Teams.ManageCalls': 'voip',
  'Teams.ManageChats': 'chat',
};

/** The longest an ACS token may live, Teams or not: 24 hours. */
const MAX_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** What the exchange needs of the Entra ID stand-in: its resource-server check of a token. */
export type TeamsTokenVerifier = Pick<EntraStandIn, 'verifyToken'>;

/** What the emulator-only route needs of the stand-in to sign a Teams user's token. */
export type TeamsTokenIssuer = Pick<EntraStandIn, 'applications' | 'issueToken'>;

/** Why an exchange was refused; the emulator names it in the `x-emulator-refusal` header. */
export type TeamsRefusal =
  | 'app-id-missing'
  | 'user-id-missing'
  | 'app-id-format'
  | 'user-id-format'
  | 'token-missing'
  | 'malformed'
  | 'signature'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'not-yet-valid'
  | 'scope'
  | 'wrong-app'
  | 'wrong-user';

export type TeamsExchange =
  { ok: true; objectId: string; acsScopes: string[]; expiresAtMs: number } | { ok: false; reply: Reply };

export function checkTeamsExchange(
  verifier: TeamsTokenVerifier,
  body: Record<string, unknown>,
  nowMs: number,
): TeamsExchange {
  const { token, appId, userId } = body;
  // Model validation comes first on the service: a required field, then its GUID format.
  if (appId === undefined || appId === null || appId === '')
    return refuse('app-id-missing', replies.teamsFieldRequired('AppId'));
  if (userId === undefined || userId === null || userId === '')
    return refuse('user-id-missing', replies.teamsFieldRequired('UserId'));
  if (typeof appId !== 'string' || !GUID.test(appId))
    return refuse('app-id-format', replies.teamsFieldFormat('AppId', 'appId'));
  if (typeof userId !== 'string' || !GUID.test(userId))
    return refuse('user-id-format', replies.teamsFieldFormat('UserId', 'userId'));

  // An empty token is refused as invalid, not as a missing field (recorded).
  if (typeof token !== 'string' || token === '') return refuse('token-missing', replies.teamsTokenInvalid());
  const check = verifier.verifyToken(token, TEAMS_AUDIENCE);
  if (!check.ok) return refuse(check.reason, replies.teamsTokenInvalid());
  const { claims } = check;
  const granted =
    typeof claims.scp === 'string'
      ? claims.scp.split(' ').filter((scope) => Object.hasOwn(TEAMS_PERMISSIONS, scope))
      : [];
  if (granted.length === 0 || typeof claims.oid !== 'string' || typeof claims.appid !== 'string')
    return refuse('scope', replies.teamsTokenInvalid());

  if (claims.appid.toLowerCase() !== appId.toLowerCase()) return refuse('wrong-app', replies.teamsWrongApplication());
  if (claims.oid.toLowerCase() !== userId.toLowerCase()) return refuse('wrong-user', replies.teamsWrongUser());

  return {
    ok: true,
    objectId: claims.oid.toLowerCase(),
    // A fixed order (calls, then chats): the same permissions always give the same acsScope.
    acsScopes: Object.keys(TEAMS_PERMISSIONS)
      .filter((scope) => granted.includes(scope))
      .map((scope) => TEAMS_PERMISSIONS[scope]!),
    expiresAtMs: Math.min(claims.exp * 1000, nowMs + MAX_LIFETIME_MS),
  };
}

/** `POST /teamsUser/:exchangeAccessToken`: a token of the service's kind for the Teams user `8:orgid:<oid>`. */
export function exchangeTeamsUserToken({ state, json }: AcsRequest): Reply | Promise<Reply> {
  const now = state.clock();
  const exchange = checkTeamsExchange(state.entra, json, now);
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

function refuse(reason: TeamsRefusal, reply: Reply): TeamsExchange {
  return { ok: false, reply: { ...reply, headers: { ...reply.headers, 'x-emulator-refusal': reason } } };
}

/**
 * `POST /_emulator/teamsUser:issueToken`: what Microsoft Entra ID gives an app after a Teams user
 * signs in to it, for tests and demos. Every field is optional; the defaults make a token the
 * exchange accepts, and each can be bent to make one it refuses (another audience, no Teams
 * scope, a negative lifetime for an expired token).
 */
export async function issueTeamsUserToken(entra: TeamsTokenIssuer, body: Record<string, unknown>): Promise<Reply> {
  const party = signInParty(entra, body);
  if ('reply' in party) return party.reply;
  const grant = signInGrant(body);
  if ('reply' in grant) return grant.reply;
  const { tenantId, appId, userId } = party.ok;
  const issued = await entra.issueToken({
    tenantId,
    audience: grant.ok.audience,
    appId,
    objectId: userId,
    kind: 'user',
    ...(grant.ok.scopes.length === 0 ? {} : { scp: grant.ok.scopes.join(' ') }),
    lifetimeSeconds: grant.ok.minutes * 60,
  });
  return {
    status: 200,
    body: { token: issued.token, tenantId, appId, userId, expiresOn: new Date(issued.expiresOn * 1000).toISOString() },
  };
}

/** A sign-in request's field, or the 400 naming the field that is wrong. */
type SignInField<T> = { ok: T } | { reply: Reply };

const invalidSignIn = (target: string, message: string): { reply: Reply } => ({
  reply: { status: 400, body: { error: { code: 'ValidationError', message, target } } },
});

/** Who signs in, to what: a registered tenant, an application and a user, each in lower case. */
function signInParty(
  entra: TeamsTokenIssuer,
  body: Record<string, unknown>,
): SignInField<{ tenantId: string; appId: string; userId: string }> {
  const first = entra.applications[0];
  const tenants = [...new Set(entra.applications.map((app) => app.tenantId))];
  const givenApp = typeof body.appId === 'string' ? body.appId.toLowerCase() : undefined;
  // A registered application's own tenant, else the first one's.
  const tenantId =
    body.tenantId ?? entra.applications.find((app) => app.clientId === givenApp)?.tenantId ?? first?.tenantId;
  if (tenantId === undefined)
    return invalidSignIn(
      'tenantId',
      'The emulator has no Microsoft Entra tenant: start it with at least one application.',
    );
  if (typeof tenantId !== 'string' || !tenants.includes(tenantId.toLowerCase())) {
    return invalidSignIn('tenantId', `tenantId must be the tenant of a registered application: ${tenants.join(', ')}.`);
  }
  const appId = body.appId ?? first?.clientId;
  if (typeof appId !== 'string' || !GUID.test(appId))
    return invalidSignIn('appId', 'appId must be the GUID of the application the Teams user signed in to.');
  const userId = body.userId ?? randomUUID();
  if (typeof userId !== 'string' || !GUID.test(userId))
    return invalidSignIn('userId', "userId must be a GUID: the Teams user's object ID.");
  return { ok: { tenantId: tenantId.toLowerCase(), appId: appId.toLowerCase(), userId: userId.toLowerCase() } };
}

/** The sign-in stand-in's token lifetimes: an hour unless asked, at most a day either way. */
const SIGN_IN_MINUTES = { default: 60, maximum: 1440 } as const;

/** What the token grants: its permissions, audience and lifetime (negative for one already expired). */
function signInGrant(
  body: Record<string, unknown>,
): SignInField<{ scopes: string[]; audience: string; minutes: number }> {
  const scopes = body.scopes ?? Object.keys(TEAMS_PERMISSIONS);
  if (
    !Array.isArray(scopes) ||
    scopes.length > 16 ||
    !scopes.every((scope): scope is string => typeof scope === 'string' && /^[\w.]{1,64}$/.test(scope))
  ) {
    return invalidSignIn(
      'scopes',
      `scopes must be an array of permission names such as ${Object.keys(TEAMS_PERMISSIONS).join(' and ')}; [] issues a token without them.`,
    );
  }
  const audience = body.audience ?? TEAMS_AUDIENCE;
  if (typeof audience !== 'string' || audience === '' || audience.length > 256)
    return invalidSignIn('audience', `audience must be a URI such as ${TEAMS_AUDIENCE}.`);
  const minutes = body.expiresInMinutes ?? SIGN_IN_MINUTES.default;
  if (
    typeof minutes !== 'number' ||
    !Number.isInteger(minutes) ||
    minutes === 0 ||
    Math.abs(minutes) > SIGN_IN_MINUTES.maximum
  ) {
    return invalidSignIn(
      'expiresInMinutes',
      `expiresInMinutes must be a whole number from 1 to ${SIGN_IN_MINUTES.maximum}, or -${SIGN_IN_MINUTES.maximum} to -1 for a token that has already expired.`,
    );
  }
  return { ok: { scopes, audience, minutes } };
}
