import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { cachedValidator } from '../../src/shared/schema-cache.ts';

const CACHE_DIR = join(REPOSITORY_ROOT, '.cache', 'validators');

describe('cached schema validators', () => {
  it('cache the compiled validator on disk and, loaded from there, report exactly what a fresh compile reports', () => {
    // A schema no earlier run has cached.
    const schema = {
      description: randomUUID(),
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 2 }, tags: { type: 'array', items: { enum: ['a', 'b'] } } },
    };
    const options = { allErrors: true, strict: false };
    const before = new Set(existsSync(CACHE_DIR) ? readdirSync(CACHE_DIR) : []);
    const compiled = cachedValidator(schema, 'draft-07', options);
    const added = readdirSync(CACHE_DIR).filter((name) => !before.has(name));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatch(/^[0-9a-f]{24}\.cjs$/);
    expect(statSync(join(CACHE_DIR, added[0]!)).size).toBeGreaterThan(0);

    const fromCache = cachedValidator(schema, 'draft-07', options);
    expect(fromCache).not.toBe(compiled);
    const fresh = new Ajv(options).compile(schema);
    for (const value of [{ name: 'ok', tags: ['a'] }, { name: 'x' }, { tags: ['c'], extra: 1 }, 'text', null]) {
      const expected = fresh(value);
      expect(fromCache(value), JSON.stringify(value)).toBe(expected);
      expect(fromCache.errors ?? null).toEqual(fresh.errors ?? null);
      expect(compiled(value)).toBe(expected);
    }
    expect(fresh({ tags: ['c'], extra: 1 })).toBe(false);
    rmSync(join(CACHE_DIR, added[0]!));
  });

  it('key the cache by dialect and options too, so a draft-04 validator is never served for draft-07', () => {
    const schema = {
      description: randomUUID(),
      type: 'object',
      properties: { n: { type: 'integer', maximum: 3, exclusiveMaximum: true } },
    };
    const before = new Set(existsSync(CACHE_DIR) ? readdirSync(CACHE_DIR) : []);
    const draft04 = cachedValidator(schema, 'draft-04', { strict: false });
    for (const name of readdirSync(CACHE_DIR)) if (!before.has(name)) rmSync(join(CACHE_DIR, name));
    // Draft-04's boolean exclusiveMaximum makes 3 invalid; draft-07 rejects the schema itself.
    expect(draft04({ n: 3 })).toBe(false);
    expect(draft04({ n: 2 })).toBe(true);
    expect(() => cachedValidator(schema, 'draft-07', { strict: false })).toThrow(/exclusiveMaximum/);
  });
});
