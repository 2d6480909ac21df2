import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contentHash, signature } from '../../src/shared/hmac.ts';

/** A request exactly as it arrived on the socket. */
export interface ArrivedRequest {
  method: string;
  /** The raw request target: path and query, percent-encoding untouched. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface CannedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A local stand-in for the ACS resource: records every request and answers with `answer`. */
export interface RecordingServer {
  port: number;
  requests: ArrivedRequest[];
  answer: CannedAnswer;
  close(): Promise<void>;
}

export async function startRecordingServer(port = 0): Promise<RecordingServer> {
  const requests: ArrivedRequest[] = [];
  const state = {
    answer: { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' } as CannedAnswer,
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      res.writeHead(state.answer.status, state.answer.headers);
      res.end(state.answer.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    get answer() {
      return state.answer;
    },
    set answer(value: CannedAnswer) {
      state.answer = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Recomputes ACS's HMAC-SHA256 check from what arrived (method, raw target, Host header, raw body
 * bytes) and returns the first mismatch, or null when the request verifies.
 */
export function signatureProblem(request: ArrivedRequest, accessKeyBase64: string): string | null {
  const date = request.headers['x-ms-date'];
  const sentHash = request.headers['x-ms-content-sha256'];
  const host = request.headers.host;
  const authorization = request.headers.authorization;
  if (
    typeof date !== 'string' ||
    typeof sentHash !== 'string' ||
    typeof host !== 'string' ||
    typeof authorization !== 'string'
  ) {
    return 'x-ms-date, x-ms-content-sha256, Host or Authorization is missing';
  }
  const match = /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=(.+)$/.exec(authorization);
  if (!match) return `Authorization has the wrong shape: ${authorization.slice(0, 60)}`;
  const actualHash = contentHash(request.body);
  if (sentHash !== actualHash)
    return `x-ms-content-sha256 ${sentHash} differs from the hash of the body received (${actualHash})`;
  const expected = signature(accessKeyBase64, {
    method: request.method,
    pathAndQuery: request.url,
    date,
    host,
    contentHash: actualHash,
  });
  return match[1] === expected ? null : 'signature does not match';
}
