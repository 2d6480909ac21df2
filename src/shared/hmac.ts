import { createHash, createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** ACS's HMAC-SHA256 request signing, as the service verifies it (see the README's architecture). */

export const EMPTY_CONTENT_HASH = '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

export function contentHash(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('base64');
}

export interface StringToSignParts {
  method: string;
  /** The request target exactly as sent: path (still percent-encoded) and query. */
  pathAndQuery: string;
  date: string;
  host: string;
  contentHash: string;
}

export function stringToSign(parts: StringToSignParts): string {
  return `${parts.method.toUpperCase()}\n${parts.pathAndQuery}\n${parts.date};${parts.host};${parts.contentHash}`;
}

/** base64(HMAC-SHA256(base64-decoded key, string to sign)). */
export function signature(accessKeyBase64: string, parts: StringToSignParts): string {
  return createHmac('sha256', secretKey(accessKeyBase64)).update(stringToSign(parts), 'utf8').digest('base64');
}

// Decoding the key into a KeyObject costs more than the HMAC itself, and a process signs or
// verifies with one key over and over (the emulator, a bench client).
let lastKey: { base64: string; key: KeyObject } | undefined;
function secretKey(accessKeyBase64: string): KeyObject {
  if (lastKey?.base64 !== accessKeyBase64)
    lastKey = { base64: accessKeyBase64, key: createSecretKey(Buffer.from(accessKeyBase64, 'base64')) };
  return lastKey.key;
}

export interface SignedHeaders {
  'x-ms-date': string;
  'x-ms-content-sha256': string;
  authorization: string;
}

/** The three headers a client adds to sign a request. */
export function signRequest(
  accessKeyBase64: string,
  request: { method: string; pathAndQuery: string; host: string; body?: string | Uint8Array; date?: Date },
): SignedHeaders {
  const date = (request.date ?? new Date()).toUTCString();
  const hash = request.body === undefined || request.body.length === 0 ? EMPTY_CONTENT_HASH : contentHash(request.body);
  const sig = signature(accessKeyBase64, {
    method: request.method,
    pathAndQuery: request.pathAndQuery,
    date,
    host: request.host,
    contentHash: hash,
  });
  return {
    'x-ms-date': date,
    'x-ms-content-sha256': hash,
    authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${sig}`,
  };
}
