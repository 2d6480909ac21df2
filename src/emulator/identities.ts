import { randomUUID } from 'node:crypto';
import { GUID } from './guid.ts';
import * as replies from './responses.ts';
import type { Reply } from './responses.ts';
import type { AcsRequest, EmulatorState } from './state.ts';
import type { IssuedToken } from './tokens.ts';
import type { ApiVersionFeatures } from './versions.ts';
import { TOKEN_LIFETIME_MINUTES } from '../shared/acs-identity.ts';

/** The identity operations of ACS Identity: create, delete, issue and revoke (see src/emulator/README.md). */

export function createIdentity({ state, features, json }: AcsRequest): Reply | Promise<Reply> {
  const scopes = json.createTokenWithScopes;
  const wantsToken = scopes !== undefined && scopes !== null && !(Array.isArray(scopes) && scopes.length === 0);
  const expiry = readExpiry(features, json.expiresInMinutes);
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

export function deleteIdentity({ state, params }: AcsRequest): Reply {
  const identity = resolveIdentity(state, params.id!);
  if ('status' in identity) return identity;
  state.store.delete(identity.userPart);
  return { status: 204 };
}

export function revokeTokens({ state, params }: AcsRequest): Reply {
  const identity = resolveIdentity(state, params.id!);
  if ('status' in identity) return identity;
  state.store.revoke(identity.userPart, state.clock());
  return { status: 204 };
}

export function issueToken({ state, features, json, params }: AcsRequest): Reply | Promise<Reply> {
  const identity = resolveIdentity(state, params.id!);
  if ('status' in identity) return identity;
  const scopes = readScopes(features, json.scopes, 'scopes');
  if (!Array.isArray(scopes)) return scopes;
  const expiry = readExpiry(features, json.expiresInMinutes);
  if (typeof expiry !== 'number') return expiry;
  return issueFor(state, identity.userPart, scopes, expiry, state.clock()).then((token) => ({
    status: 200,
    body: token,
  }));
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
  if (!features.customExpiry || value === undefined || value === null) return TOKEN_LIFETIME_MINUTES.default;
  if (typeof value !== 'number' || !Number.isInteger(value)) return replies.expiryNotInteger(value);
  if (value < TOKEN_LIFETIME_MINUTES.minimum || value > TOKEN_LIFETIME_MINUTES.maximum)
    return replies.expiryOutOfRange(value);
  return value;
}
