import { UserError } from '../shared/errors.ts';

/**
 * Power Apps API URL (paconn's `--pau`, settings.json `powerAppsUrl`) per cloud. Sources: the
 * Microsoft.PowerApps.Administration.PowerShell endpoint table and Microsoft's Power Platform
 * Terraform provider constants (both list the same hosts).
 */
export const CLOUDS = {
  public: { name: 'Public (commercial)', powerAppsUrl: 'https://api.powerapps.com' },
  gcc: { name: 'US Government (GCC)', powerAppsUrl: 'https://gov.api.powerapps.us' },
  gcchigh: { name: 'US Government (GCC High)', powerAppsUrl: 'https://high.api.powerapps.us' },
  dod: { name: 'US Government (DoD)', powerAppsUrl: 'https://api.apps.appsplatform.us' },
  china: { name: 'China (operated by 21Vianet)', powerAppsUrl: 'https://api.powerapps.cn' },
} as const;

export type CloudId = keyof typeof CLOUDS;

export const CLOUD_IDS = Object.keys(CLOUDS) as CloudId[];

/** paconn's own default; it is what paconn uses when `--pau` is not given. */
export const DEFAULT_POWER_APPS_URL = CLOUDS.public.powerAppsUrl;
export const POWER_APPS_API_VERSION = '2016-11-01';

export function parseCloud(value: string): CloudId {
  const id = value.trim().toLowerCase();
  if ((CLOUD_IDS as string[]).includes(id)) return id as CloudId;
  throw new UserError(`--cloud "${value}" is not a cloud this tool knows.`, {
    hint: `Use one of: ${CLOUD_IDS.join(', ')}.`,
    exitCode: 2,
  });
}

/** Same URL regardless of a trailing slash or letter case. */
export function sameUrl(a: string, b: string): boolean {
  const normalise = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();
  return normalise(a) === normalise(b);
}
