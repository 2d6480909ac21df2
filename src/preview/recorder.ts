/**
 * A pass-through in front of the embedded emulator that keeps each request exactly as the script
 * sent it (method, target, headers as written, body), so the Test panel can show what script.csx
 * did to the platform's request. The Host header and the bytes go on unchanged, so the emulator
 * verifies the script's signature as ACS would.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string;
}

/** As large as a body the script host accepts; larger requests are refused here too. */
const MAX_RECORDED_BODY = 16 * 1024 * 1024;

export interface Recorder {
  /** The emulator's address through the recorder, e.g. http://127.0.0.1:PORT/. */
  endpoint: string;
  /** Starts a new recording and returns what it holds when the callback is done. */
  record<T>(run: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }>;
  close(): Promise<void>;
}

// eslint-disable-next-line max-lines-per-function -- split in progress (preview)
export async function startRecorder(target: string): Promise<Recorder> {
  const upstream = new URL(target);
  let current: RecordedRequest[] | undefined;
  // One recording at a time: calls are queued so that each one's requests are its own.
  let queue: Promise<unknown> = Promise.resolve();

  const server = createServer((req, res) => {
    readCapped(req, MAX_RECORDED_BODY).then(
      (body) => {
        if (body === undefined) {
          res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":{"code":"RequestTooLarge"}}');
          return;
        }
        const headers: Array<[string, string]> = [];
        for (let index = 0; index < req.rawHeaders.length; index += 2) {
          headers.push([req.rawHeaders[index]!, req.rawHeaders[index + 1]!]);
        }
        const host = headers.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? upstream.host;
        current?.push({
          method: req.method ?? 'GET',
          url: `http://${host}${req.url ?? '/'}`,
          headers,
          body: body.toString('utf8'),
        });
        const forward = httpRequest(
          {
            host: upstream.hostname,
            port: upstream.port,
            method: req.method,
            path: req.url,
            headers: req.rawHeaders as unknown as Record<string, string>,
            setHost: false,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.rawHeaders as unknown as Record<string, string>);
            answer.pipe(res);
          },
        );
        forward.on('error', () => {
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"BadGateway","message":"The embedded emulator did not answer."}}');
        });
        forward.end(body);
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    record<T>(run: () => Promise<T>) {
      const next = queue.then(async () => {
        const requests: RecordedRequest[] = [];
        current = requests;
        try {
          return { result: await run(), requests };
        } finally {
          current = undefined;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.destroy();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
