import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { afterAll, beforeAll, expect } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { signRequest } from '../../src/shared/hmac.ts';

export const newAccessKey = (): string => randomBytes(32).toString('base64');

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: any;
}

/** Sends exactly the given method, target, headers and body over a real socket. */
export function rawRequest(
  endpoint: string,
  request: { method: string; target: string; headers: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  const url = new URL(endpoint);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.target,
        headers: request.headers,
        setHost: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = body === '' ? undefined : JSON.parse(body);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
        });
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** A correctly signed request, as Microsoft's SDK would send it. */
export function signed(
  endpoint: string,
  accessKey: string,
  method: string,
  target: string,
  body = '',
  options: { date?: Date; host?: string } = {},
): { method: string; target: string; headers: Record<string, string>; body: string } {
  const host = options.host ?? new URL(endpoint).host;
  const headers = signRequest(accessKey, { method, pathAndQuery: target, host, body, date: options.date });
  return {
    method,
    target,
    body,
    headers: {
      host,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    },
  };
}

export async function send(
  endpoint: string,
  accessKey: string,
  method: string,
  target: string,
  body = '',
): Promise<RawResponse> {
  return rawRequest(endpoint, signed(endpoint, accessKey, method, target, body));
}

export const idPath = (id: string) => `/identities/${encodeURIComponent(id)}`;

/**
 * Asserts a token lifetime without timing the test: the expiry lies between `minutes` after the
 * moment before the request and `minutes` (plus the 1 ms a token may move past a revoke) after it.
 */
export function expectExpiry(expiresOnMs: number, minutes: number, before: number, after: number): void {
  expect(expiresOnMs).toBeGreaterThanOrEqual(before + minutes * 60_000);
  expect(expiresOnMs).toBeLessThanOrEqual(after + minutes * 60_000 + 1);
}

/** The SDK's bearer policy insists on https; the emulator speaks http, so the URL is rewritten on the wire. */
export function httpOnTheWire(): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    sendRequest(request) {
      request.url = request.url.replace(/^https:/, 'http:');
      request.allowInsecureConnection = true;
      return inner.sendRequest(request);
    },
  };
}

/** One emulator for a test file: started before its tests, closed after them. */
export function useEmulator(): { readonly emulator: RunningEmulator; readonly accessKey: string } {
  const accessKey = newAccessKey();
  let emulator: RunningEmulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ accessKey });
  });
  afterAll(() => emulator?.close());
  return {
    accessKey,
    get emulator() {
      if (!emulator) throw new Error('The test emulator is used before it started (use it inside a test or hook).');
      return emulator;
    },
  };
}
