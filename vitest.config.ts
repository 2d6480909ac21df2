import { defineConfig } from 'vitest/config';

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
    globalSetup: ['test/global-setup.ts'],
  },
});
