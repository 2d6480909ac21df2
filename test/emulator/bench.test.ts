import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_ENTRY } from '../../src/shared/paths.ts';

describe('bench emulator', () => {
  it("reports requests/s against one core's raw RS256 signatures/s from the same run, with no errors", async () => {
    const result = await execa(
      process.execPath,
      [CLI_ENTRY, 'bench', 'emulator', '--requests', '300', '--concurrency', '5'],
      { reject: false },
    );
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.exitCode).toBe(0);
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(summary.errors).toBe(0);
    expect(summary.signaturesPerSecondOneCore).toBeGreaterThan(0);
    expect(summary.rpsPerCoreSignatures).toBeCloseTo(summary.rps / summary.signaturesPerSecondOneCore, 1);
    expect(result.stdout).toMatch(/^one core signs \d+ RS256 tokens\/s/m);
    expect(result.stdout).toMatch(/^requests\/s: \d+ = \d+\.\d\d × one core's signatures\/s \(target ≥ 2\.0\)$/m);
  });
});
