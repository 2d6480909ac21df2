/** Small helpers the rules share; Title Case and certification facts live in src/shared. */

export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A value as JSON, for messages; JSON.stringify gives undefined (not text) for undefined and functions. */
export function quote(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
