import { percentile } from './statistics.ts';
import { performance } from 'node:perf_hooks';

/** Runs `once` a first time unmeasured (module loading and JIT are not what we measure), then `runs` times. */
export async function timeWarmRuns(
  runs: number,
  once: () => Promise<unknown>,
): Promise<{ p50Ms: number; maxMs: number }> {
  await once();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await once();
    times.push(performance.now() - start);
  }
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { p50Ms: round(percentile(times, 50)), maxMs: round(Math.max(...times)) };
}
