import { percentile } from '../shared/statistics.ts';
import { startEmulator } from '../emulator/index.ts';
import { ensureHostBuilt } from '../script-host/build.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import { ConnectorRuntime } from '../runtime/runtime.ts';

/**
 * Warm `invoke` latency through the persistent script host against the embedded emulator, and the
 * first call after start (host already built: start + compile + first request).
 */
export async function benchInvoke(options: { requests: number }): Promise<void> {
  await ensureHostBuilt({ onProgress: (message) => process.stderr.write(`${message}\n`) });
  const emulator = await startEmulator({ port: 0 });
  const connectionString = emulator.connectionString;
  try {
    const coldStart = performance.now();
    const runtime = await ConnectorRuntime.load({ dir: REPOSITORY_ROOT });
    const created = await runtime.invoke('CreateCommunicationIdentity', { connectionString });
    const firstCallMs = performance.now() - coldStart;
    const identityId = (created.body as { identity: { id: string } }).identity.id;

    const inputs = { parameters: { identityId }, body: '{"scopes":["chat"]}', connectionString };
    for (let i = 0; i < 20; i++) await runtime.invoke('IssueIdentityAccessToken', inputs);
    const times: number[] = [];
    let errors = 0;
    for (let i = 0; i < options.requests; i++) {
      const result = await runtime.invoke('IssueIdentityAccessToken', inputs);
      if (result.status !== 200) errors++;
      times.push(result.durationMs);
    }
    await runtime.close();
    process.stdout.write(
      `${JSON.stringify({ task: 'invoke', requests: options.requests, errors, firstCallMs: round(firstCallMs), p50Ms: round(percentile(times, 50)), p99Ms: round(percentile(times, 99)) })}\n`,
    );
  } finally {
    await emulator.close();
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
