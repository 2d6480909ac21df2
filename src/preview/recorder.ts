/**
 * A pass-through in front of the embedded emulator that keeps each request exactly as the script
 * sent it (method, target, headers as written, body), so the Test panel can show what script.csx
 * did to the platform's request. The Host header and the bytes go on unchanged, so the emulator
 * verifies the script's signature as ACS would.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOST_LIMITS } from '../script-host/protocol.ts';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string;
}

/** As large as a body the script host accepts; larger requests are refused here too. */
const MAX_RECORDED_BODY = HOST_LIMITS.maxRelayedBodyBytes;

export interface Recorder {
  /** The emulator's address through the recorder, e.g. http://127.0.0.1:PORT/. */
  endpoint: string;
  /** Starts a new recording and returns what it holds when the callback is done. */
  record<T>(run: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }>;
  close(): Promise<void>;
}

export async function startRecorder(target: string): Promise<Recorder> {
  const upstream = new URL(target);
  const recordings = new Recordings();
  const server = createServer((req, res) => passThrough(req, res, upstream, recordings));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    record: (run) => recordings.record(run),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One recording at a time: calls are queued so that each one's requests are its own. */
class Recordings {
  #current: RecordedRequest[] | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  /** Keeps a request for the recording under way (none: the request is passed on unrecorded). */
  keep(request: RecordedRequest): void {
    this.#current?.push(request);
  }

  record<T>(run: () => Promise<T>): Promise<{ result: T; requests: RecordedRequest[] }> {
    const next = this.#queue.then(async () => {
      const requests: RecordedRequest[] = [];
      this.#current = requests;
      try {
        return { result: await run(), requests };
      } finally {
        this.#current = undefined;
      }
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }
}

/** Reads the script's request, keeps it, and sends the same bytes on to the emulator. */
function passThrough(req: IncomingMessage, res: ServerResponse, upstream: URL, recordings: Recordings): void {
  readCapped(req, MAX_RECORDED_BODY).then(
    (body) => {
      if (body === undefined) {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":{"code":"RequestTooLarge"}}');
        return;
      }
      recordings.keep(recordedRequest(req, body, upstream));
      forward(req, res, body, upstream);
    },
    () => res.destroy(),
  );
}

/** The request as the script wrote it: headers in their order and spelling, the URL by its own Host. */
function recordedRequest(req: IncomingMessage, body: Buffer, upstream: URL): RecordedRequest {
  const headers: Array<[string, string]> = [];
  for (let index = 0; index < req.rawHeaders.length; index += 2) {
    headers.push([req.rawHeaders[index]!, req.rawHeaders[index + 1]!]);
  }
  const host = headers.find(([name]) => name.toLowerCase() === 'host')?.[1] ?? upstream.host;
  return { method: req.method ?? 'GET', url: `http://${host}${req.url ?? '/'}`, headers, body: body.toString('utf8') };
}

/** Sends the request on unchanged (Host included, so the signature still verifies) and pipes the answer back. */
function forward(req: IncomingMessage, res: ServerResponse, body: Buffer, upstream: URL): void {
  const onward = httpRequest(
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
  onward.on('error', () => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
    res.end('{"error":{"code":"BadGateway","message":"The embedded emulator did not answer."}}');
  });
  onward.end(body);
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
