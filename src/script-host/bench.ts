import { percentile } from '../shared/statistics.ts';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startScriptHost } from './serve.ts';
import type { ScriptRequest } from './protocol.ts';
import { CONNECTOR_SCRIPT } from '../connector-folder/files.ts';
import { UserError } from '../shared/errors.ts';
import { API_VERSION, connectorModel } from '../connector/index.ts';

const warmUpRequests = 2000;

/**
 * One request per action of the connector model, with its demo's inputs (placeholders given sample
 * values), as the platform hands them to the script: a connection string with a key made up for this run.
 */
function sampleRequests(): ScriptRequest[] {
  const connectionString = `endpoint=https://bench.communication.azure.com/;accesskey=${randomBytes(64).toString('base64')}`;
  const base = 'https://placeholder.communication.azure.com';
  const sample = (text: string) =>
    text.replace(/\{([A-Za-z][\w.]*)\}/g, (_, name: string) =>
      name.endsWith('token') ? SAMPLE_TOKEN : name === 'userId' ? SAMPLE_USER : SAMPLE_GUID,
    );
  const sampleJson = (value: unknown): unknown =>
    typeof value === 'string'
      ? sample(value)
      : Array.isArray(value)
        ? value.map(sampleJson)
        : typeof value === 'object' && value !== null
          ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, sampleJson(item)]))
          : value;
  return connectorModel.operations.map((op) => {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(sample(op.demo.parameters?.[name] ?? '')),
    );
    const headers: Record<string, string> = { 'Connection-String': connectionString };
    if (op.demo.body !== undefined) headers['Content-Type'] = 'application/json';
    return {
      operationId: op.operationId,
      method: op.method.toUpperCase(),
      url: `${base}${path}?api-version=${API_VERSION}`,
      headers,
      ...(op.demo.body === undefined ? {} : { body: JSON.stringify(sampleJson(op.demo.body)) }),
    };
  });
}

const SAMPLE_USER = '8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081';
const SAMPLE_GUID = 'c70d068c-2f32-484d-9455-73070cd5aadd';
/** About the size of a Microsoft Entra access token. */
const SAMPLE_TOKEN = randomBytes(1200).toString('base64url');

const roundMs = (ms: number) => Math.round(ms * 1000) / 1000;

export async function runScriptBench(options: { script?: string; compare?: string; requests: number }): Promise<void> {
  const scriptPath = options.script ?? CONNECTOR_SCRIPT;
  if (options.compare !== undefined) return compareScripts(scriptPath, options.compare, options.requests);
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
    const name = path.relative(process.cwd(), path.resolve(scriptPath));
    process.stdout.write(
      `cold start (host start + compile): ${cold.coldStartMs.toFixed(0)} ms; with the compiled script cached: ${host.coldStartMs.toFixed(0)} ms\n`,
    );
    process.stdout.write(`answers by status: ${formatStatuses(statuses)} (SendAsync answered in-process)\n`);
    process.stdout.write(
      `${JSON.stringify({
        script: name,
        requests: options.requests,
        p50Ms: roundMs(percentile(durations, 50)),
        p99Ms: roundMs(percentile(durations, 99)),
        maxMs: roundMs(percentile(durations, 100)),
        coldStartMs: Math.round(cold.coldStartMs),
        cachedStartMs: Math.round(host.coldStartMs),
      })}\n`,
    );
  } finally {
    await host.close();
  }
}

/**
 * `--compare`: two scripts in two hosts of the same build, timed in alternating rounds of the
 * same requests, so that a busy machine slows both alike; the ratio is the script's own cost.
 */
async function compareScripts(scriptPath: string, otherPath: string, requestCount: number): Promise<void> {
  const names = [scriptPath, otherPath].map((file) => path.relative(process.cwd(), path.resolve(file)));
  const hosts = await Promise.all(
    [scriptPath, otherPath].map((file) => startScriptHost({ scriptPath: file, loopbackSend: true })),
  );
  try {
    const requests = sampleRequests();
    // Per request index: each script's time and status.
    const runs = [
      new Array<{ ms: number; status: number }>(requestCount),
      new Array<{ ms: number; status: number }>(requestCount),
    ];
    for (const host of hosts)
      for (let i = 0; i < warmUpRequests; i++) await host.execute(requests[i % requests.length]!);
    const roundSize = 200;
    for (let done = 0, turn = 0; done < requestCount; done += roundSize, turn++) {
      for (const which of turn % 2 === 0 ? [0, 1] : [1, 0]) {
        for (let i = done; i < Math.min(done + roundSize, requestCount); i++) {
          const response = await hosts[which]!.execute(requests[i % requests.length]!);
          runs[which]![i] = { ms: response.durationMs, status: response.status };
        }
      }
    }
    // Only requests both scripts answered without error: a failure's exception path is no speed.
    const both = runs[0]!.map((_, i) => i).filter((i) => runs[0]![i]!.status < 400 && runs[1]![i]!.status < 400);
    const summary = runs.map((times, which) => {
      const statuses = new Map<number, number>();
      for (const { status } of times) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      process.stdout.write(`${names[which]}: answers ${formatStatuses(statuses)}\n`);
      const durations = both.map((i) => times[i]!.ms);
      // Tenths of a microsecond: both scripts take about ten microseconds a request.
      const fine = (ms: number) => Math.round(ms * 10_000) / 10_000;
      return {
        script: names[which]!,
        p50Ms: fine(percentile(durations, 50)),
        p99Ms: fine(percentile(durations, 99)),
        maxMs: fine(percentile(durations, 100)),
      };
    });
    if (both.length === 0)
      throw new UserError(
        'The two scripts never both answered a request without error, so there is nothing to compare.',
      );
    const ratioP50 = Math.round((summary[0]!.p50Ms / summary[1]!.p50Ms) * 100) / 100;
    process.stdout.write(
      `Over the ${both.length} requests both answered without error: ${names[0]} takes ${ratioP50}× the time of ${names[1]} at p50 (SendAsync answered in-process)\n`,
    );
    process.stdout.write(
      `${JSON.stringify({ requests: requestCount, compared: both.length, script: summary[0], compare: summary[1], ratioP50 })}\n`,
    );
  } finally {
    await Promise.all(hosts.map((host) => host.close()));
  }
}

function formatStatuses(statuses: Map<number, number>): string {
  return [...statuses].map(([status, count]) => `${status}×${count}`).join(', ');
}
