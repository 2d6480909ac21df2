/** How messages to admins and makers name values and counts, written once for every command. */

/** A value as JSON, for messages; JSON.stringify gives undefined (not text) for undefined and functions. */
export function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** "1 error", "3 errors": a count with its English noun. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
