import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // The .NET script host is built once for the whole run (see test/global-setup.ts).
    pool: 'forks',
    globalSetup: ['test/global-setup.ts'],
  },
});
