import { createHash, generateKeyPair, sign, verify, randomBytes, type KeyObject, type JsonWebKey } from 'node:crypto';

/**
 * One RS256 signing key: signs JWTs on libuv's thread pool and reads back only tokens it signed.
 * Shared by the ACS token issuer and the Microsoft Entra ID stand-in (each has its own key).
 */
export class SigningKey {
  readonly kid: string;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  readonly #encodedHeader: string;
  readonly #x5t: string;

  constructor(privateKey: KeyObject, publicKey: KeyObject, kidPrefix: string) {
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    const der = publicKey.export({ type: 'spki', format: 'der' });
    this.kid = `${kidPrefix}${randomBytes(8).toString('hex')}`;
    this.#x5t = createHash('sha1').update(der).digest('base64url');
    this.#encodedHeader = base64urlJson({ alg: 'RS256', kid: this.kid, x5t: this.#x5t, typ: 'JWT' });
  }

  /** A fresh 2048-bit key, generated off the event loop. */
  static async generate(kidPrefix: string): Promise<SigningKey> {
    const { privateKey, publicKey } = await new Promise<{ privateKey: KeyObject; publicKey: KeyObject }>(
      (resolve, reject) =>
        generateKeyPair('rsa', { modulusLength: 2048 }, (error, publicKey, privateKey) =>
          error ? reject(error) : resolve({ privateKey, publicKey }),
        ),
    );
    return new SigningKey(privateKey, publicKey, kidPrefix);
  }

  sign(claims: object): Promise<string> {
    const signingInput = `${this.#encodedHeader}.${base64urlJson(claims)}`;
    return new Promise((resolve, reject) => {
      sign('sha256', Buffer.from(signingInput), this.#privateKey, (error, signature) => {
        if (error) reject(error);
        else resolve(`${signingInput}.${signature.toString('base64url')}`);
      });
    });
  }

  /** The payload of a token this key signed, or undefined when it is not one. */
  read(token: string): Record<string, unknown> | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== this.#encodedHeader) return undefined;
    const signatureBytes = Buffer.from(parts[2]!, 'base64url');
    // Re-encoding rejects variants whose spare bits differ but decode to the same bytes.
    if (signatureBytes.toString('base64url') !== parts[2]) return undefined;
    if (!verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), this.#publicKey, signatureBytes)) return undefined;
    try {
      const payload: unknown = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
      return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
        ? (payload as Record<string, unknown>)
        : undefined;
    } catch {
      return undefined;
    }
  }

  /** The public key as a JWKS entry (what Entra publishes at its `jwks_uri`). */
  publicJwk(): JsonWebKey & { kid: string; x5t: string; use: string } {
    const { n, e, kty } = this.#publicKey.export({ format: 'jwk' });
    return { kty, use: 'sig', kid: this.kid, x5t: this.#x5t, n, e };
  }
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
