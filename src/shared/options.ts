import { InvalidArgumentError } from 'commander';

/** Commander parser for counts such as --requests and --runs; commander names the flag and the value. */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError('Give a whole number of 1 or more.');
  }
  return parsed;
}

/** Commander parser for a flag that may be given several times: each value is added to the list. */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
