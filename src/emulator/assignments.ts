import { GUID } from './guid.ts';
import * as replies from './responses.ts';
import type { Reply } from './responses.ts';
import type { AcsRequest } from './state.ts';
import type { Assignment } from './store.ts';

/**
 * Teams Phone extensibility (api-version 2025-06-30 on): the resource owner's assignments that let a
 * Teams user or resource account use the resource, and the exchange of that principal's Microsoft
 * Entra token for a token of the identity `8:acs:<resource>_<tenant>_<object>`. The specification
 * gives paths, shapes and success codes; the refusals are the emulator's decisions (see README.md).
 */

/** TeamsExtensionPrincipalType of the specification. */
export const PRINCIPAL_TYPES = ['resourceAccount', 'user'] as const;
/** The delegated permission of a Teams Phone token, and the ACS scope it grants. */
export const TEAMS_PHONE_PERMISSION = 'TeamsExtension.ManageCalls';
const TEAMS_PHONE_SCOPES = ['voip'];
const MAX_LIFETIME_MS = 24 * 60 * 60 * 1000;
const MAX_CLIENT_IDS = 100;

type Principal = { tenantId: string; objectId: string };

function principalOf(params: Record<string, string>): Principal | Reply {
  const tenantId = decodeGuid(params.tenantId);
  if (tenantId === undefined) return replies.invalidGuid('tenantId');
  const objectId = decodeGuid(params.objectId);
  if (objectId === undefined) return replies.invalidGuid('objectId');
  return { tenantId, objectId };
}

function decodeGuid(raw: string | undefined): string | undefined {
  try {
    const value = decodeURIComponent(raw ?? '');
    return GUID.test(value) ? value.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

const answer = (status: number, principal: Principal, assignment: Assignment): Reply => ({
  status,
  body: { objectId: principal.objectId, tenantId: principal.tenantId, ...assignment },
});

/** PUT: creates (201) or replaces (200) the assignment. */
export function upsertAssignment({ state, params, json }: AcsRequest): Reply {
  const principal = principalOf(params);
  if ('status' in principal) return principal;
  const { principalType, clientIds } = json;
  if (principalType === undefined || principalType === null || principalType === '')
    return replies.principalTypeRequired();
  if (typeof principalType !== 'string' || !(PRINCIPAL_TYPES as readonly string[]).includes(principalType))
    return replies.unknownPrincipalType(principalType, PRINCIPAL_TYPES);
  const assignment: Assignment = { principalType };
  if (clientIds !== undefined && clientIds !== null) {
    if (
      !Array.isArray(clientIds) ||
      clientIds.length > MAX_CLIENT_IDS ||
      !clientIds.every((id) => typeof id === 'string' && GUID.test(id))
    )
      return replies.invalidClientIds();
    assignment.clientIds = (clientIds as string[]).map((id) => id.toLowerCase());
  }
  const created = state.store.putAssignment(principal.tenantId, principal.objectId, assignment);
  return answer(created ? 201 : 200, principal, assignment);
}

export function getAssignment({ state, params }: AcsRequest): Reply {
  const principal = principalOf(params);
  if ('status' in principal) return principal;
  const assignment = state.store.assignment(principal.tenantId, principal.objectId);
  return assignment ? answer(200, principal, assignment) : replies.assignmentNotFound();
}

export function deleteAssignment({ state, params }: AcsRequest): Reply {
  const principal = principalOf(params);
  if ('status' in principal) return principal;
  return state.store.deleteAssignment(principal.tenantId, principal.objectId)
    ? { status: 204 }
    : replies.assignmentNotFound();
}

/**
 * POST :exchangeAccessToken: the caller is the principal itself, by its Entra token for the Teams
 * audience with TeamsExtension.ManageCalls; the body is empty. A token only for an assigned
 * principal, through one of the assignment's applications when it names any.
 */
export function exchangeTeamsPhoneToken({ state, caller }: AcsRequest): Reply | Promise<Reply> {
  if (caller.kind !== 'teamsUser') return replies.teamsPhoneTokenRequired();
  const { claims } = caller;
  const permissions = typeof claims.scp === 'string' ? claims.scp.split(' ') : [];
  if (!permissions.includes(TEAMS_PHONE_PERMISSION) || typeof claims.oid !== 'string')
    return refuse('scope', replies.teamsTokenInvalid());
  const principal = { tenantId: claims.tid.toLowerCase(), objectId: claims.oid.toLowerCase() };
  const assignment = state.store.assignment(principal.tenantId, principal.objectId);
  if (!assignment) return refuse('not-assigned', replies.notAssigned());
  if (assignment.clientIds?.length && !assignment.clientIds.includes(String(claims.appid).toLowerCase()))
    return refuse('client-not-assigned', replies.notAssigned());
  const now = state.clock();
  const resourceId = state.store.resourceId;
  return state.issuer
    .issueForTeamsPhone(
      { resourceId, ...principal },
      TEAMS_PHONE_SCOPES,
      Math.min(claims.exp * 1000, now + MAX_LIFETIME_MS),
      now,
    )
    .then((accessToken) => ({
      status: 200,
      body: { identity: { id: `8:acs:${resourceId}_${principal.tenantId}_${principal.objectId}` }, accessToken },
    }));
}

function refuse(reason: string, reply: Reply): Reply {
  return { ...reply, headers: { ...reply.headers, 'x-emulator-refusal': reason } };
}
