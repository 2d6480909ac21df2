/**
 * Every stable api-version of the ACS Identity REST API (the folders under `stable/` of
 * specification/communication/data-plane/Identity in Azure/azure-rest-api-specs), with what each
 * one's specification allows. Previews are not accepted: a connector that works against the
 * emulator must work against the service.
 */
export interface ApiVersionFeatures {
  /** CommunicationIdentityTokenScope of that version. */
  scopes: readonly string[];
  /** Whether `expiresInMinutes` is part of that version (ignored, like any unknown field, before). */
  customExpiry: boolean;
  /** Whether `POST /teamsUser/:exchangeAccessToken` (token, appId, userId) is part of that version. */
  teamsExchange: boolean;
  /** Whether Teams Phone extensibility (`/access/teamsExtension/…`: assignments, token exchange) is part of it. */
  teamsExtension: boolean;
}

const TWO_SCOPES = ['chat', 'voip'] as const;
const FIVE_SCOPES = ['chat', 'voip', 'chat.join', 'chat.join.limited', 'voip.join'] as const;

export const API_VERSIONS: Readonly<Record<string, ApiVersionFeatures>> = {
  '2021-03-07': { scopes: TWO_SCOPES, customExpiry: false, teamsExchange: false, teamsExtension: false },
  '2022-06-01': { scopes: TWO_SCOPES, customExpiry: false, teamsExchange: true, teamsExtension: false },
  '2022-09-01': { scopes: TWO_SCOPES, customExpiry: true, teamsExchange: true, teamsExtension: false },
  '2022-10-01': { scopes: TWO_SCOPES, customExpiry: true, teamsExchange: true, teamsExtension: false },
  '2023-08-01': { scopes: TWO_SCOPES, customExpiry: true, teamsExchange: true, teamsExtension: false },
  '2023-10-01': { scopes: FIVE_SCOPES, customExpiry: true, teamsExchange: true, teamsExtension: false },
  '2025-06-30': { scopes: FIVE_SCOPES, customExpiry: true, teamsExchange: true, teamsExtension: true },
  '2026-07-22': { scopes: FIVE_SCOPES, customExpiry: true, teamsExchange: true, teamsExtension: true },
  '2026-09-23': { scopes: FIVE_SCOPES, customExpiry: true, teamsExchange: true, teamsExtension: true },
};

export const STABLE_API_VERSIONS: readonly string[] = Object.keys(API_VERSIONS);

/** Value of the `api-supported-versions` response header. */
export const API_SUPPORTED_VERSIONS_HEADER = STABLE_API_VERSIONS.join(', ');

export function apiVersionFeatures(version: string): ApiVersionFeatures | undefined {
  return Object.hasOwn(API_VERSIONS, version) ? API_VERSIONS[version] : undefined;
}
