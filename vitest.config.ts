import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The .NET script host is built once for the whole run (see test/global-setup.ts).
    pool: 'forks',
    // Vitest's default (cores - 1) runs the files one at a time on a 2-core machine, while most
    // of a test's time is spent waiting on child processes (the CLI, dotnet, sockets): three files
    // at once took the suite from 309 s to 133 s on a fresh clone (2 cores, load ~13).
    maxWorkers: 3,
    globalSetup: ['test/global-setup.ts'],
  },
});
