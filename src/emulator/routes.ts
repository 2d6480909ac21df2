import { HEALTH_PATH, INTROSPECT_PATH, TEAMS_USER_TOKEN_PATH, health, introspect } from './emulator-endpoints.ts';
import { ENTRA_KEYS_PATH, ENTRA_OPENID_PATH, ENTRA_TOKEN_PATH, decodeSegment } from './entra.ts';
import { createIdentity, deleteIdentity, issueToken, revokeTokens } from './identities.ts';
import { deleteAssignment, exchangeTeamsPhoneToken, getAssignment, upsertAssignment } from './assignments.ts';
import { parseBody } from './body.ts';
import type { Reply } from './responses.ts';
import type { AcsRequest, RouteRequest } from './state.ts';
import { exchangeTeamsUserToken, issueTeamsUserToken } from './teams.ts';
import type { ApiVersionFeatures } from './versions.ts';

/**
 * Every route of the emulator, in one table. Three areas, each with its own rules (server.ts):
 * - `emulator`: emulator-only tooling, unsigned, outside the ACS paths;
 * - `entra`: the Microsoft Entra ID stand-in, unsigned, answering in Entra's error shape;
 * - `acs`: the ACS Identity service: authenticated before anything (even whether the path exists)
 *   is revealed, then api-version, JSON body and the version's features are checked.
 * A path's methods are the entries that share it; another method gets the area's "not allowed".
 */

type Handler<R> = (request: R) => Reply | Promise<Reply>;
type FeatureFlag = {
  [K in keyof ApiVersionFeatures]: ApiVersionFeatures[K] extends boolean ? K : never;
}[keyof ApiVersionFeatures];

export type Route =
  | { area: 'emulator' | 'entra'; method: string; path: RegExp; handle: Handler<RouteRequest> }
  | {
      area: 'acs';
      method: string;
      path: RegExp;
      /** The api-version must have it, else the path does not exist there (404). */
      feature?: FeatureFlag;
      /** Who may call: the resource's owner (the default), or a Teams user with its own token. */
      caller?: 'teamsUser';
      handle: Handler<AcsRequest>;
    };

const exactly = (path: string) => new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
const IDENTITY = '/identities/(?<id>[^/?]+)';
const ASSIGNMENT = /^\/access\/teamsExtension\/tenants\/(?<tenantId>[^/?]+)\/assignments\/(?<objectId>[^/?]+)$/;

export const ROUTES: readonly Route[] = [
  {
    area: 'emulator',
    method: 'POST',
    path: exactly(INTROSPECT_PATH),
    handle: ({ state, body }) => introspect(state, body),
  },
  { area: 'emulator', method: 'GET', path: exactly(HEALTH_PATH), handle: ({ state }) => health(state) },
  {
    area: 'emulator',
    method: 'POST',
    path: exactly(TEAMS_USER_TOKEN_PATH),
    handle: ({ state, body }) => {
      const json = parseBody(body);
      return 'status' in json ? json : issueTeamsUserToken(state.entra, json.value);
    },
  },

  {
    area: 'entra',
    method: 'POST',
    path: ENTRA_TOKEN_PATH,
    handle: ({ state, params, headers, body }) => state.entra.token(decodeSegment(params.tenant!), headers, body),
  },
  {
    area: 'entra',
    method: 'GET',
    path: ENTRA_OPENID_PATH,
    handle: ({ state, params, headers }) =>
      state.entra.openIdConfiguration(decodeSegment(params.tenant!), params.v2 !== undefined, headers),
  },
  { area: 'entra', method: 'GET', path: ENTRA_KEYS_PATH, handle: ({ state }) => state.entra.keys() },

  { area: 'acs', method: 'POST', path: /^\/identities$/, handle: createIdentity },
  { area: 'acs', method: 'DELETE', path: new RegExp(`^${IDENTITY}$`), handle: deleteIdentity },
  { area: 'acs', method: 'POST', path: new RegExp(`^${IDENTITY}/:issueAccessToken$`), handle: issueToken },
  { area: 'acs', method: 'POST', path: new RegExp(`^${IDENTITY}/:revokeAccessTokens$`), handle: revokeTokens },
  {
    area: 'acs',
    method: 'POST',
    path: /^\/teamsUser\/:exchangeAccessToken$/,
    feature: 'teamsExchange',
    handle: exchangeTeamsUserToken,
  },
  { area: 'acs', method: 'PUT', path: ASSIGNMENT, feature: 'teamsExtension', handle: upsertAssignment },
  { area: 'acs', method: 'GET', path: ASSIGNMENT, feature: 'teamsExtension', handle: getAssignment },
  { area: 'acs', method: 'DELETE', path: ASSIGNMENT, feature: 'teamsExtension', handle: deleteAssignment },
  {
    area: 'acs',
    method: 'POST',
    path: /^\/access\/teamsExtension\/:exchangeAccessToken$/,
    feature: 'teamsExtension',
    caller: 'teamsUser',
    handle: exchangeTeamsPhoneToken,
  },
];

/** The routes whose path matches, with the path's named groups; the first match decides the area. */
export function matchRoutes(
  path: string,
  areas: ReadonlyArray<Route['area']>,
): { routes: Route[]; params: Record<string, string> } {
  const routes: Route[] = [];
  let params: Record<string, string> = {};
  for (const route of ROUTES) {
    if (!areas.includes(route.area) || (routes.length > 0 && route.area !== routes[0]!.area)) continue;
    const match = route.path.exec(path);
    if (!match) continue;
    if (routes.length === 0) params = { ...match.groups };
    routes.push(route);
  }
  return { routes, params };
}
