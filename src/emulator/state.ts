import type { IncomingHttpHeaders } from 'node:http';
import type { EntraClaims, EntraStandIn } from './entra.ts';
import type { IdentityStore } from './store.ts';
import type { TokenIssuer } from './tokens.ts';
import type { ApiVersionFeatures } from './versions.ts';

/** What every route of the emulator works on: the resource's key, its store, the token signers and the clock. */
export interface EmulatorState {
  accessKey: string;
  store: IdentityStore;
  issuer: TokenIssuer;
  entra: EntraStandIn;
  clock: () => number;
}

/** What a route's handler gets (routes.ts). */
export interface RouteRequest {
  state: EmulatorState;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The path's named groups, as received (still percent-encoded). */
  params: Record<string, string>;
}

/**
 * Who an authenticated ACS request comes from: the resource's owner (its key, or an Entra application
 * with a role on it), or a Teams user or resource account with its own Entra token (Teams Phone).
 */
export type Caller = { kind: 'resource' } | { kind: 'teamsUser'; claims: EntraClaims };

/** An ACS request that passed authentication, with its api-version's features and its JSON body. */
export interface AcsRequest extends RouteRequest {
  caller: Caller;
  features: ApiVersionFeatures;
  json: Record<string, unknown>;
}
