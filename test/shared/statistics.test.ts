import { describe, expect, it } from 'vitest';
import { percentile } from '../../src/shared/statistics.ts';

describe('percentile (nearest rank)', () => {
  it('takes the lower middle of an even count as the median, never an average', () => {
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
  });

  it('takes the middle of an odd count, whatever the order given', () => {
    expect(percentile([9, 1, 5], 50)).toBe(5);
  });

  it('reaches the largest value at p100 and the smallest rank at p0', () => {
    expect(percentile([3, 7, 5], 100)).toBe(7);
    expect(percentile([3, 7, 5], 0)).toBe(3);
  });

  it('takes the value at rank ceil(p/100 × n) for a tail', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 95)).toBe(95);
  });

  it('leaves the caller’s array untouched and answers NaN for no values', () => {
    const values = [2, 1];
    percentile(values, 50);
    expect(values).toEqual([2, 1]);
    expect(percentile([], 50)).toBeNaN();
  });
});
