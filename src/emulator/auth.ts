import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { contentHash, signature } from '../shared/hmac.ts';

/** How far the signed date may be from the emulator's clock (the Azure HMAC convention). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type Verdict = { ok: true } | { ok: false; reason: 'denied' | 'content-hash' };

export interface SignedRequest {
  method: string;
  /** The raw request target as received (`req.url`). */
  target: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

// The date format of HTTP (and of `Date.prototype.toUTCString`), e.g. `Thu, 26 Nov 2026 19:15:51 GMT`.
const RFC_1123 =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const AUTHORIZATION = /^HMAC-SHA256 SignedHeaders=([^&\s]+)&Signature=(\S+)$/;

/**
 * Verifies an ACS HMAC-SHA256 request the way the service does: the header names come from
 * `SignedHeaders` (a date header — `x-ms-date` or `date` — then `host`, then
 * `x-ms-content-sha256`), the Host header is taken as received, the request target is the raw
 * one, the content hash covers the raw body bytes and the date must be within ±15 minutes.
 */
export function verifyRequest(request: SignedRequest, accessKey: string, now: number): Verdict {
  const authorization = single(request.headers.authorization);
  const match = authorization === undefined ? null : AUTHORIZATION.exec(authorization);
  if (!match) return denied;
  const names = match[1]!.toLowerCase().split(';');
  const dateHeader = names[0];
  if (
    names.length !== 3 ||
    (dateHeader !== 'x-ms-date' && dateHeader !== 'date') ||
    names[1] !== 'host' ||
    names[2] !== 'x-ms-content-sha256'
  ) {
    return denied;
  }
  const date = single(request.headers[dateHeader]);
  const host = single(request.headers.host);
  const claimedHash = single(request.headers['x-ms-content-sha256']);
  if (date === undefined || host === undefined || claimedHash === undefined) return denied;

  const expected = signature(accessKey, {
    method: request.method,
    pathAndQuery: request.target,
    date,
    host,
    contentHash: claimedHash,
  });
  if (!sameText(match[2]!, expected)) return denied;

  const signedAt = RFC_1123.test(date) ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(signedAt) || Math.abs(now - signedAt) > MAX_CLOCK_SKEW_MS) return denied;

  // Compared as text: base64 with different padding bits would decode to the same bytes.
  if (!sameText(claimedHash, contentHash(request.body))) return { ok: false, reason: 'content-hash' };
  return { ok: true };
}

const denied: Verdict = { ok: false, reason: 'denied' };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? undefined : value;
}

/** Constant-time comparison of two strings (the length is not secret). */
export function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
