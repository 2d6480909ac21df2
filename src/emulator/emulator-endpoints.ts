import type { Reply } from './responses.ts';
import { parseBody } from './body.ts';
import type { EmulatorState } from './state.ts';

/** Emulator-only endpoints: outside the ACS paths and unsigned, for tests and tooling. */
export const INTROSPECT_PATH = '/_emulator/tokens:introspect';
export const HEALTH_PATH = '/_emulator/health';
/** Signs a Teams user's Microsoft Entra token with the Entra ID stand-in (see teams.ts). */
export const TEAMS_USER_TOKEN_PATH = '/_emulator/teamsUser:issueToken';

export type IntrospectionReason =
  'malformed' | 'signature' | 'expired' | 'revoked' | 'deleted' | 'other-resource' | 'unassigned';

export function introspect(state: EmulatorState, body: Buffer): Reply {
  const json = parseBody(body);
  if ('status' in json) return json;
  const token = json.value.token;
  if (typeof token !== 'string' || token === '') {
    return {
      status: 400,
      body: { error: { code: 'ValidationError', message: 'Send {"token": "<access token>"}.', target: 'token' } },
    };
  }
  const inactive = (reason: IntrospectionReason): Reply => ({ status: 200, body: { active: false, reason } });
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return inactive('malformed');
  const claims = state.issuer.readClaims(token);
  if (!claims) return inactive('signature');
  if (claims.resourceId !== state.store.resourceId) return inactive('other-resource');
  // A Teams user's token (from the exchange) belongs to no identity of the store.
  if (claims.skypeid.startsWith('orgid:')) {
    if (claims.exp * 1000 <= state.clock()) return inactive('expired');
    return {
      status: 200,
      body: { active: true, id: `8:${claims.skypeid}`, scopes: claims.acsScope.split(','), exp: claims.exp },
    };
  }
  const prefix = `acs:${state.store.resourceId}_`;
  if (!claims.skypeid.startsWith(prefix)) return inactive('other-resource');
  const userPart = claims.skypeid.slice(prefix.length);
  // A Teams Phone principal's token (8:acs:<resource>_<tenant>_<object>) lives while its assignment does.
  const [tenantId, objectId, ...more] = userPart.split('_');
  if (objectId !== undefined && more.length === 0) {
    if (!state.store.assignment(tenantId!, objectId)) return inactive('unassigned');
    if (claims.exp * 1000 <= state.clock()) return inactive('expired');
    return {
      status: 200,
      body: { active: true, id: `8:${claims.skypeid}`, scopes: claims.acsScope.split(','), exp: claims.exp },
    };
  }
  const validAfter = state.store.validAfter(userPart);
  if (validAfter === undefined) return inactive('deleted');
  if (claims.emulatorIssuedAtMs <= validAfter) return inactive('revoked');
  if (claims.exp * 1000 <= state.clock()) return inactive('expired');
  return {
    status: 200,
    body: {
      active: true,
      id: `8:acs:${state.store.resourceId}_${userPart}`,
      scopes: claims.acsScope.split(','),
      exp: claims.exp,
    },
  };
}

export function health(state: EmulatorState): Reply {
  const memory = process.memoryUsage();
  const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
  const cpu = process.cpuUsage();
  return {
    status: 200,
    body: {
      status: 'ok',
      identities: state.store.size,
      assignments: state.store.assignmentCount,
      rssMb: megabytes(memory.rss),
      heapUsedMb: megabytes(memory.heapUsed),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    },
  };
}
