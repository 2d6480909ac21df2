import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { SigningKey } from '../../src/emulator/jwt.ts';

describe('SigningKey', () => {
  it('signs many tokens at once on the thread pool, over two keys, each readable only by its own key', async () => {
    const [acs, entra] = await Promise.all([SigningKey.generate('emulator-'), SigningKey.generate('entra-')]);
    const count = availableParallelism() * 10;
    const tokens = await Promise.all(Array.from({ length: count }, (_, n) => (n % 2 === 0 ? acs : entra).sign({ n })));
    tokens.forEach((token, n) => {
      const [own, other] = n % 2 === 0 ? [acs, entra] : [entra, acs];
      expect(own.read(token)).toEqual({ n });
      expect(other.read(token)).toBeUndefined();
    });
  });
});
