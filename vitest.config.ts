import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

// Files that spend longest waiting (the certified corpus, the script host's time limits, real CLI
// processes). Vitest orders files by the durations it cached on the last run, but a fresh clone
// (CI) has none and falls back to file size, which left these to the end of the run: starting
// them first took a fresh run from about 126 s to under 90 s on 2 cores.
const LONGEST_FIRST = [
  'test/validate/corpus.test.ts',
  'test/diff/corpus.test.ts',
  'test/script-host/hostile.test.ts',
  'test/script-host/limits.test.ts',
  'test/cli/bench.test.ts',
  'test/script-host/check-cache.test.ts',
  'test/deploy/cli.test.ts',
  'test/validate/cli.test.ts',
  'test/runtime/start.test.ts',
  'test/script-host/lifecycle.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = LONGEST_FIRST.findIndex((name) => file.moduleId.endsWith(name));
      return index < 0 ? LONGEST_FIRST.length : index;
    };
    return sorted.map((file, order) => ({ file, order })).sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order).map(({ file }) => file);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The .NET script host is built once for the whole run (see test/global-setup.ts).
    pool: 'forks',
    // Vitest's default (cores - 1) runs the files one at a time on a 2-core machine, while most
    // of a test's time is spent waiting on child processes (the CLI, dotnet, sockets). Measured on
    // 2 cores shared with other work (780 tests): 2 files at once 266 s, 3 at once 190 s, 4 at once
    // 165 s (1 at once: 309 s for 565 tests).
    maxWorkers: 4,
    sequence: { sequencer: LongestFirst },
    globalSetup: ['test/global-setup.ts'],
  },
});
