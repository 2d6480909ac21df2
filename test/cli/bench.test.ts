import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../src/shared/paths.ts';

// Sixteen real processes (each of eight commands warmed up, then timed once), a validate compiling
// script.csx and an invoke among them: a few seconds alone, a minute on a machine loaded to 20.
const BENCH_CLI_TIMEOUT_MS = 180_000;

describe('bench cli', () => {
  it(
    'times each command as a real process and ends with one JSON object (figures, targets, npx apart)',
    async () => {
      const result = await execa(process.execPath, [CLI_ENTRY, 'bench', 'cli', '--runs', '1'], {
        reject: false,
        cwd: REPOSITORY_ROOT,
      });
      expect(result.stderr).not.toMatch(/^error:/m);
      expect(result.exitCode).toBe(0);
      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
      expect(summary.task).toBe('cli');
      for (const name of [
        'floor',
        'help',
        'buildCheck',
        'validateNoCompile',
        'validate',
        'buildCheckThenValidate',
        'invoke',
      ]) {
        expect(summary[name].medianMs, name).toBeGreaterThan(0);
        expect(summary[name].maxMs, name).toBeGreaterThanOrEqual(summary[name].medianMs);
        expect(summary[name].minMs, name).toBeLessThanOrEqual(summary[name].medianMs);
      }
      expect(typeof summary.npxOverheadMs).toBe('number');
      expect(Object.keys(summary.targetsMs).sort()).toEqual([
        'buildCheck',
        'buildCheckThenValidate',
        'help',
        'invoke',
        'validateNoCompile',
      ]);
      expect(Array.isArray(summary.missed)).toBe(true);
      expect(result.stdout).toMatch(/^help\s+median\s+\d+ ms, max\s+\d+ ms, min\s+\d+ ms {2}\(target ≤ 250 ms/m);
    },
    BENCH_CLI_TIMEOUT_MS,
  );

  it('refuses a run count that is not a whole number, as a usage error', async () => {
    const result = await execa(process.execPath, [CLI_ENTRY, 'bench', 'cli', '--runs', '0'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--runs');
  });
});
