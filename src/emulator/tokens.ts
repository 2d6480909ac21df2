import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

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
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #encodedHeader: string;

  constructor() {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.#privateKey = privateKey;
    this.#publicKey = createPublicKey(privateKey);
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const header = {
      alg: 'RS256',
      kid: `emulator-${randomBytes(8).toString('hex')}`,
      x5t: createHash('sha1').update(der).digest('base64url'),
      typ: 'JWT',
    };
    this.#encodedHeader = base64urlJson(header);
  }

  /** Signs on libuv's thread pool (RSA is the emulator's main cost), keeping the event loop free. */
  issue(subject: { resourceId: string; userPart: string }, scopes: readonly string[], expiresInMinutes: number, nowMs: number): Promise<IssuedToken> {
    const iat = Math.floor(nowMs / 1000);
    const expiresMs = nowMs + expiresInMinutes * 60_000;
    const claims: TokenClaims = {
      skypeid: `acs:${subject.resourceId}_${subject.userPart}`,
      // The service's value for user tokens; clients do not interpret it.
      scp: 1792,
      csi: String(iat),
      exp: Math.floor(expiresMs / 1000),
      acsScope: [...new Set(scopes)].join(','),
      resourceId: subject.resourceId,
      iat,
      emulatorIssuedAtMs: nowMs,
    };
    const signingInput = `${this.#encodedHeader}.${base64urlJson(claims)}`;
    return new Promise((resolve, reject) => {
      sign('sha256', Buffer.from(signingInput), this.#privateKey, (error, jwtSignature) => {
        if (error) reject(error);
        else resolve({ token: `${signingInput}.${jwtSignature.toString('base64url')}`, expiresOn: serviceDateTime(expiresMs) });
      });
    });
  }

  /** The claims of a token this emulator run signed, or undefined when it is not one. */
  readClaims(token: string): TokenClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== this.#encodedHeader) return undefined;
    const signatureBytes = Buffer.from(parts[2]!, 'base64url');
    // Re-encoding rejects variants whose spare bits differ but decode to the same bytes.
    if (signatureBytes.toString('base64url') !== parts[2]) return undefined;
    if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), this.#publicKey, signatureBytes)) return undefined;
    try {
      return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return undefined;
    }
  }
}

/** The service's date-time format: seven fractional digits and an explicit +00:00 offset. */
export function serviceDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000+00:00');
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
