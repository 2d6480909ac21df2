import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { CLI_ENTRY } from '../shared/paths.ts';
import { execa } from 'execa';
import { signRequest } from '../shared/hmac.ts';
import { HEALTH_PATH } from './emulator-endpoints.ts';

const API = 'api-version=2025-06-30';

/**
 * `bench emulator`: an emulator in a child process (so its rss is honest), driven over real
 * keep-alive sockets. Each worker loops create → issue token → issue token → revoke → delete,
 * so the identity count stays bounded while tokens pile up by the tens of thousands.
 */
export async function runEmulatorBench({
  requests,
  concurrency,
}: {
  requests: number;
  concurrency: number;
}): Promise<void> {
  const accessKey = randomBytes(32).toString('base64');
  // The bound: half the emulator's work is RS256 signing, so requests/s is judged against what one
  // core signs alone, measured here in the same run (before the load, on an idle event loop).
  const signaturesPerSecond = oneCoreSignaturesPerSecond();
  process.stdout.write(`one core signs ${signaturesPerSecond} RS256 tokens/s (2048-bit key, measured alone)\n`);
  const child = execa(process.execPath, [CLI_ENTRY, 'emulator', '--port', '0', '--access-key', accessKey], {
    buffer: false,
    reject: false,
  });
  try {
    const endpoint = await listeningEndpoint(child.stdout);
    const initial = await health(endpoint);
    const clientCpuStart = process.cpuUsage();
    const started = performance.now();
    const load = new Load(endpoint, accessKey, requests);
    await load.run(concurrency);
    const seconds = (performance.now() - started) / 1000;
    const end = await health(endpoint);
    report({
      load,
      initial,
      end,
      seconds,
      clientCpu: process.cpuUsage(clientCpuStart),
      signaturesPerSecond,
      concurrency,
    });
    if (load.errors > 0) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await child;
  }
}

/** The requests of a run: how many were sent and failed, and the emulator's memory along the way. */
class Load {
  sent = 0;
  errors = 0;
  /** rss after warm-up (10 %) and at the middle: flat up to the end means no growth per token. */
  warmHealth: Health | undefined;
  middleHealth: Health | undefined;
  readonly #warm: number;
  readonly #middle: number;

  constructor(
    readonly endpoint: string,
    readonly accessKey: string,
    readonly requests: number,
  ) {
    this.#warm = Math.floor(requests / 10);
    this.#middle = Math.floor(requests / 2);
  }

  /** `concurrency` workers, each on its own keep-alive connection, until the request budget is spent. */
  async run(concurrency: number): Promise<void> {
    const clients: SignedClient[] = [];
    await Promise.all(
      Array.from({ length: concurrency }, () => {
        const client = new SignedClient(this.endpoint, this.accessKey);
        clients.push(client);
        return this.#worker(client);
      }),
    );
    for (const client of clients) client.close();
  }

  /** Identities through their life: create, two tokens, revoke, delete. */
  async #worker(client: SignedClient): Promise<void> {
    while (this.sent < this.requests) {
      const created = await this.#expect(client, 'POST', `/identities?${API}`, '', 201);
      const id: string | undefined = created?.identity?.id;
      if (!id) continue;
      const path = `/identities/${encodeURIComponent(id)}`;
      const steps: [string, string, string, number][] = [
        ['POST', `${path}/:issueAccessToken?${API}`, '{"scopes":["chat","voip"],"expiresInMinutes":60}', 200],
        ['POST', `${path}/:issueAccessToken?${API}`, '{"scopes":["voip"]}', 200],
        ['POST', `${path}/:revokeAccessTokens?${API}`, '', 204],
        ['DELETE', `${path}?${API}`, '', 204],
      ];
      for (const [method, target, body, status] of steps) {
        // Always delete, even past the request budget, so the emulator ends empty.
        if (this.sent >= this.requests && method !== 'DELETE') continue;
        await this.#expect(client, method, target, body, status);
      }
    }
  }

  /** One request; a wrong status, or a token answer without a JWT, counts as an error. */
  async #expect(client: SignedClient, method: string, path: string, body: string, status: number): Promise<any> {
    this.sent += 1;
    if (this.sent === this.#warm) void health(this.endpoint).then((h) => (this.warmHealth = h));
    if (this.sent === this.#middle) void health(this.endpoint).then((h) => (this.middleHealth = h));
    try {
      const response = await client.send(method, path, body);
      // Token answers must carry a JWT (three dot-separated parts), not just the right status.
      if (response.status !== status || (status === 200 && String(response.json?.token).split('.').length !== 3))
        this.errors += 1;
      return response.json;
    } catch {
      this.errors += 1;
      return undefined;
    }
  }
}

function report(run: {
  load: Load;
  initial: Health;
  end: Health;
  seconds: number;
  clientCpu: NodeJS.CpuUsage;
  signaturesPerSecond: number;
  concurrency: number;
}): void {
  const { load, initial, end, seconds, clientCpu, signaturesPerSecond, concurrency } = run;
  const { sent, errors, warmHealth, middleHealth } = load;
  process.stdout.write(
    `cpu: emulator ${((end.cpuMs - initial.cpuMs) / 1000).toFixed(1)} s, bench client ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s over ${seconds.toFixed(1)} s wall\n`,
  );
  process.stdout.write(
    `emulator rss/heap MB: idle ${initial.rssMb}/${initial.heapUsedMb}, after warm-up ${warmHealth?.rssMb}/${warmHealth?.heapUsedMb}, ` +
      `middle ${middleHealth?.rssMb}/${middleHealth?.heapUsedMb}, end ${end.rssMb}/${end.heapUsedMb}; identities left ${end.identities}\n`,
  );
  process.stdout.write(
    `requests/s: ${Math.round(sent / seconds)} = ${(sent / seconds / signaturesPerSecond).toFixed(2)} × one core's signatures/s (target ≥ 2.0)\n`,
  );
  process.stdout.write(
    `${JSON.stringify({ requests: sent, errors, rps: Math.round(sent / seconds), signaturesPerSecondOneCore: signaturesPerSecond, rpsPerCoreSignatures: Math.round((sent / seconds / signaturesPerSecond) * 100) / 100, rssMb: end.rssMb, rssMbIdle: initial.rssMb, rssMbWarm: warmHealth?.rssMb ?? null, rssMbMiddle: middleHealth?.rssMb ?? null, concurrency, seconds: Math.round(seconds * 10) / 10 })}\n`,
  );
}

/** RS256 signatures per second on this thread alone, over an ACS-sized token, for about a second. */
function oneCoreSignaturesPerSecond(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', kid: 'emulator-0123456789abcdef', x5t: 'x'.repeat(27), typ: 'JWT' });
  const claims = encode({
    skypeid: `acs:${'0'.repeat(36)}_${'0'.repeat(36)}`,
    scp: 1792,
    csi: '1700000000',
    exp: 1700003600,
    rgn: 'amer',
    acsScope: 'chat,voip',
    resourceId: '0'.repeat(36),
    resourceLocation: 'unitedstates',
    iat: 1700000000,
  });
  const input = Buffer.from(`${header}.${claims}`);
  for (let i = 0; i < 20; i++) sign('sha256', input, privateKey);
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < 1000) {
    sign('sha256', input, privateKey);
    count++;
  }
  return Math.round(count / ((performance.now() - started) / 1000));
}

/**
 * A lean HTTP/1.1 client on one keep-alive socket, one request at a time: the bench client shares
 * the machine's two cores with the emulator, and node:http's client costs about as much CPU per
 * request as the emulator itself, which would measure the client. Every request is still signed
 * with the real HMAC scheme and every answer is framed strictly (status line, Content-Length) and
 * its body parsed as JSON.
 */
export class SignedClient {
  readonly #host: string;
  readonly #hostname: string;
  readonly #port: number;
  #socket: Socket | undefined;
  #received: Buffer | undefined;
  #waiting: { resolve: (response: { status: number; json: any }) => void; reject: (error: Error) => void } | undefined;

  constructor(
    endpoint: string,
    private readonly accessKey: string,
  ) {
    const url = new URL(endpoint);
    this.#host = url.host;
    this.#hostname = url.hostname;
    this.#port = Number(url.port);
  }

  send(method: string, target: string, body: string): Promise<{ status: number; json: any }> {
    const headers = signRequest(this.accessKey, { method, pathAndQuery: target, host: this.#host, body });
    const request =
      `${method} ${target} HTTP/1.1\r\nHost: ${this.#host}\r\nx-ms-date: ${headers['x-ms-date']}\r\n` +
      `x-ms-content-sha256: ${headers['x-ms-content-sha256']}\r\nAuthorization: ${headers.authorization}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#connection().write(request);
    });
  }

  close(): void {
    this.#socket?.destroy();
  }

  #connection(): Socket {
    if (this.#socket && !this.#socket.destroyed) return this.#socket;
    const socket = connect({ host: this.#hostname, port: this.#port, noDelay: true });
    this.#received = undefined;
    socket.on('data', (chunk: Buffer) => this.#onData(socket, chunk));
    socket.on('error', (error) => this.#fail(socket, error));
    socket.on('close', () => this.#fail(socket, new Error('the emulator closed the connection')));
    this.#socket = socket;
    return socket;
  }

  #fail(socket: Socket, error: Error): void {
    if (socket !== this.#socket) return;
    socket.destroy();
    this.#socket = undefined;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(error);
  }

  #onData(socket: Socket, chunk: Buffer): void {
    const received = this.#received ? Buffer.concat([this.#received, chunk]) : chunk;
    const headEnd = received.indexOf('\r\n\r\n');
    if (headEnd === -1) {
      this.#received = received;
      return;
    }
    const head = received.toString('latin1', 0, headEnd);
    const status = /^HTTP\/1\.1 (\d{3}) /.exec(head);
    const length = /\r\ncontent-length: *(\d+)\r?$/im.exec(head);
    if (!status || /\r\ntransfer-encoding:/i.test(head)) {
      this.#fail(socket, new Error('the emulator sent a response this client cannot frame'));
      return;
    }
    const bodyLength = length ? Number(length[1]) : 0;
    const total = headEnd + 4 + bodyLength;
    if (received.length < total) {
      this.#received = received;
      return;
    }
    if (received.length > total) {
      this.#fail(socket, new Error('the emulator sent more than one response'));
      return;
    }
    this.#received = undefined;
    const text = received.toString('utf8', headEnd + 4, total);
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (/\r\nconnection: *close\r?$/im.test(head)) {
      this.#socket = undefined;
      socket.destroy();
    }
    try {
      waiting?.resolve({ status: Number(status[1]), json: text ? JSON.parse(text) : undefined });
    } catch (error) {
      waiting?.reject(error as Error);
    }
  }
}

interface Health {
  rssMb: number;
  heapUsedMb: number;
  identities: number;
  cpuMs: number;
}

async function health(endpoint: string): Promise<Health> {
  const response = await fetch(new URL(HEALTH_PATH, endpoint));
  return (await response.json()) as Health;
}

function listeningEndpoint(stdout: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('the emulator did not start within 30 s')), 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /endpoint=(http:\/\/[^;\s]+);accesskey=/.exec(seen);
      if (match) {
        clearTimeout(timer);
        stdout.off('data', onData);
        stdout.resume();
        resolve(match[1]!);
      }
    };
    stdout.on('data', onData);
    stdout.once('end', () => reject(new Error('the emulator exited before listening')));
  });
}
