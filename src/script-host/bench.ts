import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startScriptHost } from './serve.ts';
import type { ScriptRequest } from './protocol.ts';
import { CONNECTOR_SCRIPT } from '../shared/paths.ts';

const warmUpRequests = 2000;

/** The connector's four operations, with a connection string holding a key made up for this run. */
function sampleRequests(): ScriptRequest[] {
  const connectionString = `endpoint=https://bench.communication.azure.com/;accesskey=${randomBytes(64).toString('base64')}`;
  const base = 'https://placeholder.communication.azure.com';
  const id = encodeURIComponent('8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081');
  const json = { 'Connection-String': connectionString, 'Content-Type': 'application/json' };
  return [
    { operationId: 'CreateCommunicationIdentity', method: 'POST', url: `${base}/identities?api-version=2025-06-30`, headers: json, body: '{"createTokenWithScopes":["chat","voip"],"expiresInMinutes":60}' },
    { operationId: 'IssueIdentityAccessToken', method: 'POST', url: `${base}/identities/${id}/:issueAccessToken?api-version=2025-06-30`, headers: json, body: '{"scopes":["chat"]}' },
    { operationId: 'RevokeIdentityAccessTokens', method: 'POST', url: `${base}/identities/${id}/:revokeAccessTokens?api-version=2025-06-30`, headers: { 'Connection-String': connectionString } },
    { operationId: 'DeleteCommunicationIdentity', method: 'DELETE', url: `${base}/identities/${id}?api-version=2025-06-30`, headers: { 'Connection-String': connectionString } },
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export async function runScriptBench(options: { script?: string; requests: number }): Promise<void> {
  const scriptPath = options.script ?? CONNECTOR_SCRIPT;
  // Cold: a fresh host that compiles the script; the timed host then starts from the compile cache.
  const cold = await startScriptHost({ scriptPath, loopbackSend: true, noCache: true });
  await cold.close();
  const host = await startScriptHost({ scriptPath, loopbackSend: true });
  try {
    const requests = sampleRequests();
    for (let i = 0; i < warmUpRequests; i++) await host.execute(requests[i % requests.length]!);
    const durations: number[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < options.requests; i++) {
      const response = await host.execute(requests[i % requests.length]!);
      durations.push(response.durationMs);
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
    durations.sort((a, b) => a - b);
    const name = path.relative(process.cwd(), path.resolve(scriptPath));
    process.stdout.write(`cold start (host start + compile): ${cold.coldStartMs.toFixed(0)} ms; with the compiled script cached: ${host.coldStartMs.toFixed(0)} ms\n`);
    process.stdout.write(`answers by status: ${[...statuses].map(([s, n]) => `${s}×${n}`).join(', ')} (SendAsync answered in-process)\n`);
    process.stdout.write(`${JSON.stringify({
      script: name,
      requests: options.requests,
      p50Ms: round(percentile(durations, 50)),
      p99Ms: round(percentile(durations, 99)),
      maxMs: round(durations.at(-1) ?? Number.NaN),
      coldStartMs: Math.round(cold.coldStartMs),
      cachedStartMs: Math.round(host.coldStartMs),
    })}\n`);
  } finally {
    await host.close();
  }
}
