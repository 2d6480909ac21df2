import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';
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
export async function runEmulatorBench({ requests, concurrency }: { requests: number; concurrency: number }): Promise<void> {
  const accessKey = randomBytes(32).toString('base64');
  // The bound: half the emulator's work is RS256 signing, so requests/s is judged against what one
  // core signs alone, measured here in the same run (before the load, on an idle event loop).
  const signaturesPerSecond = oneCoreSignaturesPerSecond();
  process.stdout.write(`one core signs ${signaturesPerSecond} RS256 tokens/s (2048-bit key, measured alone)\n`);
  const child = execa(process.execPath, [CLI_ENTRY, 'emulator', '--port', '0', '--access-key', accessKey], { buffer: false, reject: false });
  try {
    const endpoint = await listeningEndpoint(child.stdout!);
    const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    const client = new SignedClient(endpoint, accessKey, agent);

    const initial = await health(endpoint);
    const rssStart = initial.rssMb;
    const clientCpuStart = process.cpuUsage();
    let sent = 0;
    let errors = 0;
    // rss after warm-up (10 %), at the middle and at the end: flat means no growth per token.
    let warmHealth: Health | undefined;
    let middleHealth: Health | undefined;
    const warm = Math.floor(requests / 10);
    const middle = Math.floor(requests / 2);
    const started = performance.now();

    const expect = async (method: string, path: string, body: string, status: number): Promise<any> => {
      sent += 1;
      if (sent === warm) void health(endpoint).then((h) => (warmHealth = h));
      if (sent === middle) void health(endpoint).then((h) => (middleHealth = h));
      try {
        const response = await client.send(method, path, body);
        if (response.status !== status) errors += 1;
        return response.json;
      } catch {
        errors += 1;
        return undefined;
      }
    };

    const worker = async () => {
      while (sent < requests) {
        const created = await expect('POST', `/identities?${API}`, '', 201);
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
          if (sent >= requests && method !== 'DELETE') continue;
          await expect(method, target, body, status);
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const end = await health(endpoint);
    agent.destroy();
    const clientCpu = process.cpuUsage(clientCpuStart);
    process.stdout.write(
      `cpu: emulator ${((end.cpuMs - initial.cpuMs) / 1000).toFixed(1)} s, bench client ${((clientCpu.user + clientCpu.system) / 1e6).toFixed(1)} s over ${seconds.toFixed(1)} s wall\n`,
    );

    process.stdout.write(
      `emulator rss/heap MB: idle ${rssStart}/${initial.heapUsedMb}, after warm-up ${warmHealth?.rssMb}/${warmHealth?.heapUsedMb}, ` +
        `middle ${middleHealth?.rssMb}/${middleHealth?.heapUsedMb}, end ${end.rssMb}/${end.heapUsedMb}; identities left ${end.identities}\n`,
    );
    process.stdout.write(
      `requests/s: ${Math.round(sent / seconds)} = ${(sent / seconds / signaturesPerSecond).toFixed(2)} × one core's signatures/s (target ≥ 2.0)\n`,
    );
    process.stdout.write(
      `${JSON.stringify({ requests: sent, errors, rps: Math.round(sent / seconds), signaturesPerSecondOneCore: signaturesPerSecond, rpsPerCoreSignatures: Math.round((sent / seconds / signaturesPerSecond) * 100) / 100, rssMb: end.rssMb, rssMbIdle: rssStart, rssMbWarm: warmHealth?.rssMb ?? null, rssMbMiddle: middleHealth?.rssMb ?? null, concurrency, seconds: Math.round(seconds * 10) / 10 })}\n`,
    );
    if (errors > 0) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await child;
  }
}

/** RS256 signatures per second on this thread alone, over an ACS-sized token, for about a second. */
function oneCoreSignaturesPerSecond(): number {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = encode({ alg: 'RS256', kid: 'emulator-0123456789abcdef', x5t: 'x'.repeat(27), typ: 'JWT' });
  const claims = encode({ skypeid: `acs:${'0'.repeat(36)}_${'0'.repeat(36)}`, scp: 1792, csi: '1700000000', exp: 1700003600, rgn: 'amer', acsScope: 'chat,voip', resourceId: '0'.repeat(36), resourceLocation: 'unitedstates', iat: 1700000000 });
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

class SignedClient {
  readonly #url: URL;
  constructor(
    endpoint: string,
    private readonly accessKey: string,
    private readonly agent: Agent,
  ) {
    this.#url = new URL(endpoint);
  }

  send(method: string, target: string, body: string): Promise<{ status: number; json: any }> {
    const headers = signRequest(this.accessKey, { method, pathAndQuery: target, host: this.#url.host, body });
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: this.#url.hostname,
          port: this.#url.port,
          method,
          path: target,
          agent: this.agent,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
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
