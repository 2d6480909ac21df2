import { EXIT_STATUS, UserError } from '../shared/errors.ts';

/** Where Microsoft Entra ID lives in the public cloud (the Azure SDKs' default authority host). */
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com/';
/** A cached token is renewed this long before it expires (the Azure SDKs use the same margin). */
export const REFRESH_MARGIN_MS = 5 * 60_000;
const TIMEOUT_MS = 30_000;
const MAX_RESPONSE_BYTES = 64 * 1024;

export interface ClientCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** `https://login.microsoftonline.com/` by default; plain http only on a loopback address. */
  authorityHost?: string;
}

export interface AccessToken {
  token: string;
  expiresOnTimestamp: number;
}

/**
 * The OAuth 2.0 client-credentials grant against Microsoft Entra ID (v2.0 token endpoint), with
 * one cached token per scope until shortly before it expires. It has the shape of an Azure SDK
 * `TokenCredential`, so Microsoft's SDK clients accept it as it is.
 */
export class ClientSecretTokenSource {
  readonly #credentials: ClientCredentials;
  readonly #tokenEndpoint: URL;
  readonly #clock: () => number;
  readonly #cache = new Map<string, AccessToken>();
  readonly #pending = new Map<string, Promise<AccessToken>>();

  constructor(credentials: ClientCredentials, clock: () => number = Date.now) {
    this.#credentials = credentials;
    this.#clock = clock;
    const authority = checkAuthorityHost(credentials.authorityHost ?? DEFAULT_AUTHORITY_HOST);
    this.#tokenEndpoint = new URL(`${encodeURIComponent(credentials.tenantId)}/oauth2/v2.0/token`, authority);
  }

  /** A token for `scopes` (e.g. `https://communication.azure.com/.default`), from the cache when still fresh. */
  async getToken(scopes: string | string[]): Promise<AccessToken> {
    const scope = (Array.isArray(scopes) ? scopes : [scopes]).join(' ');
    const cached = this.#cache.get(scope);
    if (cached && cached.expiresOnTimestamp - REFRESH_MARGIN_MS > this.#clock()) return cached;
    // Concurrent callers share one request.
    let pending = this.#pending.get(scope);
    if (!pending) {
      pending = this.#request(scope).finally(() => this.#pending.delete(scope));
      this.#pending.set(scope, pending);
    }
    return pending;
  }

  async #request(scope: string): Promise<AccessToken> {
    const requestedAt = this.#clock();
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.#credentials.clientId,
      client_secret: this.#credentials.clientSecret,
      scope,
    });
    let response: Response;
    try {
      response = await fetch(this.#tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${TIMEOUT_MS / 1000} s`
          : ((error as { cause?: Error }).cause?.message ?? (error as Error).message);
      throw new UserError(
        `Could not reach Microsoft Entra ID at ${this.#tokenEndpoint.origin} for a token: ${reason}.`,
        {
          hint: "Check the authority host (AZURE_AUTHORITY_HOST or the connector's loginUri) and the network.",
        },
      );
    }
    const text = await readCapped(response);
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      // Reported below as an answer that is not Entra's.
    }
    if (!response.ok) throw entraFailure(response.status, body, this.#credentials);
    const token = body.access_token;
    const expiresIn = Number(body.expires_in);
    if (typeof token !== 'string' || token === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new UserError(
        `Microsoft Entra ID at ${this.#tokenEndpoint.origin} answered ${response.status} without an access token and its lifetime.`,
        {
          hint: 'Check that the authority host is a Microsoft Entra ID endpoint.',
        },
      );
    }
    const accessToken = { token, expiresOnTimestamp: requestedAt + expiresIn * 1000 };
    this.#cache.set(scope, accessToken);
    return accessToken;
  }
}

/** The authority host as a URL ending in `/`: https, or http on a loopback address only. */
export function checkAuthorityHost(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`The authority host "${value}" is not a URL.`, {
      hint: `Use for example ${DEFAULT_AUTHORITY_HOST}`,
      exitCode: EXIT_STATUS.usage,
    });
  }
  const loopback =
    ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UserError(
      `The authority host ${url.origin} must use https (plain http is allowed only on a loopback address such as 127.0.0.1).`,
      {
        hint: `Use for example ${DEFAULT_AUTHORITY_HOST}`,
        exitCode: EXIT_STATUS.usage,
      },
    );
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  url.search = '';
  url.hash = '';
  return url;
}

/** Entra's own error and AADSTS text (it never contains the secret), plus what to do about it. */
function entraFailure(status: number, body: Record<string, unknown>, credentials: ClientCredentials): UserError {
  const error = typeof body.error === 'string' ? body.error : undefined;
  const description =
    typeof body.error_description === 'string' ? body.error_description.split(/\r?\n/)[0]! : undefined;
  const what = error === undefined ? `HTTP ${status}` : `${error}${description ? `: ${description}` : ''}`;
  const hints: Record<string, string> = {
    invalid_client: 'Check the client secret: use its Value (not its Secret ID), and that it has not expired.',
    unauthorized_client: `Check the client ID ${credentials.clientId} and that the application is registered in tenant ${credentials.tenantId}.`,
    invalid_tenant: `Check the tenant ID ${credentials.tenantId} (Microsoft Entra ID → Overview → Tenant ID).`,
    invalid_resource: 'The resource is not known in this tenant.',
  };
  return new UserError(`Microsoft Entra ID refused the token request for client ${credentials.clientId}: ${what}`, {
    hint: (error && hints[error]) ?? 'Check the tenant ID, client ID and client secret of the Entra application.',
  });
}

async function readCapped(response: Response): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      await reader.cancel();
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
