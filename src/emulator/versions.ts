/**
 * Every stable api-version of the ACS Identity REST API (folders under `stable/` of
 * specification/communication/data-plane/Identity in Azure/azure-rest-api-specs). Previews are
 * not accepted: a connector that works against the emulator must work against the service.
 */
export const STABLE_API_VERSIONS: readonly string[] = [
  '2021-03-07',
  '2022-06-01',
  '2022-09-01',
  '2022-10-01',
  '2023-08-01',
  '2023-10-01',
  '2025-06-30',
  '2026-07-22',
  '2026-09-23',
];

/** Value of the `api-supported-versions` response header. */
export const API_SUPPORTED_VERSIONS_HEADER = STABLE_API_VERSIONS.join(', ');

const stable = new Set(STABLE_API_VERSIONS);

export function isStableApiVersion(version: string): boolean {
  return stable.has(version);
}
