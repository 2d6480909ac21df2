import type { IncomingHttpHeaders } from 'node:http';
import type { EntraStandIn } from './entra.ts';
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

/** An ACS request that passed authentication, with its api-version's features and its JSON body. */
export interface AcsRequest extends RouteRequest {
  features: ApiVersionFeatures;
  json: Record<string, unknown>;
}
