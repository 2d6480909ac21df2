import { generateKeyPairSync } from 'node:crypto';
import { SigningKey } from './jwt.ts';

export interface TokenClaims {
  skypeid: string;
  scp: number;
  csi: string;
  iat: number;
  exp: number;
  acsScope: string;
  resourceId: string;
  /** Emulator-only: issue time in milliseconds, so that a revoke in the same second is exact. */
  emulatorIssuedAtMs: number;
}

export interface IssuedToken {
  token: string;
  expiresOn: string;
}

/**
 * Issues and checks real RS256 JWTs shaped like the service's. The key pair lives only as long
 * as the emulator process, so tokens from an earlier run are (correctly) no longer valid.
 */
export class TokenIssuer {
  readonly #key: SigningKey;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#key = new SigningKey(privateKey, publicKey, 'emulator-');
  }

  /** Signs on libuv's thread pool (RSA is the emulator's main cost), keeping the event loop free. */
  issue(
    subject: { resourceId: string; userPart: string },
    scopes: readonly string[],
    expiresInMinutes: number,
    nowMs: number,
  ): Promise<IssuedToken> {
    return this.#issue(
      `acs:${subject.resourceId}_${subject.userPart}`,
      subject.resourceId,
      scopes,
      nowMs + expiresInMinutes * 60_000,
      nowMs,
    );
  }

  /** A Teams user's token (identity `8:orgid:<object id>`), expiring at a given time. */
  issueForTeamsUser(
    subject: { resourceId: string; objectId: string },
    scopes: readonly string[],
    expiresMs: number,
    nowMs: number,
  ): Promise<IssuedToken> {
    return this.#issue(`orgid:${subject.objectId}`, subject.resourceId, scopes, expiresMs, nowMs);
  }

  /** A Teams Phone principal's token (identity `8:acs:<resource>_<tenant>_<object>`), expiring at a given time. */
  issueForTeamsPhone(
    subject: { resourceId: string; tenantId: string; objectId: string },
    scopes: readonly string[],
    expiresMs: number,
    nowMs: number,
  ): Promise<IssuedToken> {
    const skypeid = `acs:${subject.resourceId}_${subject.tenantId}_${subject.objectId}`;
    return this.#issue(skypeid, subject.resourceId, scopes, expiresMs, nowMs);
  }

  async #issue(
    skypeid: string,
    resourceId: string,
    scopes: readonly string[],
    expiresMs: number,
    nowMs: number,
  ): Promise<IssuedToken> {
    const iat = Math.floor(nowMs / 1000);
    const claims: TokenClaims = {
      skypeid,
      // The service's value for user tokens; clients do not interpret it.
      scp: 1792,
      csi: String(iat),
      exp: Math.floor(expiresMs / 1000),
      acsScope: [...new Set(scopes)].join(','),
      resourceId,
      iat,
      emulatorIssuedAtMs: nowMs,
    };
    return { token: await this.#key.sign(claims), expiresOn: serviceDateTime(expiresMs) };
  }

  /** The claims of a token this emulator run signed, or undefined when it is not one. */
  readClaims(token: string): TokenClaims | undefined {
    return this.#key.read(token) as TokenClaims | undefined;
  }
}

/** The service's date-time format: seven fractional digits and an explicit +00:00 offset. */
export function serviceDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');
}
