import { describe, expect, it } from 'vitest';
import { forEachObject } from '../../src/shared/json.ts';

describe('forEachObject', () => {
  const visited = (value: unknown) => {
    const seen: string[] = [];
    forEachObject(value, (_object, at) => seen.push(at));
    return seen;
  };

  it('visits every object with its pointer, parents first, in document order, through arrays', () => {
    expect(visited({ a: { 'b/c': {} }, list: [{ x: 1 }, 'text', [{}]], d: {} })).toEqual([
      '',
      '/a',
      '/a/b~1c',
      '/list/0',
      '/list/2/0',
      '/d',
    ]);
  });

  it('visits nothing in what holds no object', () => {
    for (const value of [undefined, null, 1, 'text', [], [[1]]]) expect(visited(value)).toEqual([]);
  });

  it('walks a nesting far deeper than the stack allows', () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 50_000; level++) deep = { child: deep };
    expect(visited(deep)).toHaveLength(50_001);
  });

  it('visits an object it reaches twice (or through a loop) once', () => {
    const shared = { name: 'shared' };
    const looping: Record<string, unknown> = { shared, again: shared };
    looping.self = looping;
    expect(visited(looping)).toEqual(['', '/shared']);
  });
});
