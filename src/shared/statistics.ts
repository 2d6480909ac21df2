/**
 * The p-th percentile of timings by the nearest-rank method: the smallest value with at least p %
 * of the values at or below it (so p50 of an even count is the lower middle, never an average).
 * Every benchmark reports its medians and tails with this one definition.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}
