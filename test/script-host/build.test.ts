import { describe, expect, it } from 'vitest';
import { ensureHostBuilt } from '../../src/script-host/build.ts';

describe('building the .NET script host', () => {
  it('reuses the build made by global setup: no build, no progress message, even when called concurrently', async () => {
    const messages: string[] = [];
    await Promise.all([1, 2, 3].map(() => ensureHostBuilt({ onProgress: (message) => messages.push(message) })));
    expect(messages).toEqual([]);
  });
});
