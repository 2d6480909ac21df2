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

export { quote } from '../../shared/messages.ts';
