import { EXIT_STATUS, UserError } from '../shared/errors.ts';

/**
 * Per cloud: the Power Apps API URL (paconn's `--pau`, settings.json `powerAppsUrl`), from the
 * Microsoft.PowerApps.Administration.PowerShell endpoint table and Microsoft's Power Platform
 * Terraform provider constants (both list the same hosts); and the name `pac auth create
 * --cloud` takes for it (the values Microsoft's pac reference lists).
 */
export const CLOUDS = {
  public: { name: 'Public (commercial)', powerAppsUrl: 'https://api.powerapps.com', pacCloud: 'Public' },
  gcc: { name: 'US Government (GCC)', powerAppsUrl: 'https://gov.api.powerapps.us', pacCloud: 'UsGov' },
  gcchigh: { name: 'US Government (GCC High)', powerAppsUrl: 'https://high.api.powerapps.us', pacCloud: 'UsGovHigh' },
  dod: { name: 'US Government (DoD)', powerAppsUrl: 'https://api.apps.appsplatform.us', pacCloud: 'UsGovDod' },
  china: { name: 'China (operated by 21Vianet)', powerAppsUrl: 'https://api.powerapps.cn', pacCloud: 'China' },
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
    exitCode: EXIT_STATUS.usage,
  });
}

/** Same URL regardless of a trailing slash or letter case. */
export function sameUrl(a: string, b: string): boolean {
  const normalise = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();
  return normalise(a) === normalise(b);
}

/** The cloud whose Power Apps API is `url` (how the settings file records the cloud), if known. */
export function cloudOfPowerAppsUrl(url: string): CloudId | undefined {
  return CLOUD_IDS.find((id) => sameUrl(CLOUDS[id].powerAppsUrl, url));
}
