/**
 * Resolves an RFC 6901 JSON pointer ("/paths/~1identities") inside a value; undefined when
 * nothing is there. A `$ref` is a URI fragment, so pass `fromUriFragment` to read "%20" as a space
 * (a stray "%" stays as written).
 */
export function resolvePointer(
  root: unknown,
  jsonPointer: string,
  options: { fromUriFragment?: boolean } = {},
): unknown {
  if (jsonPointer === '') return root;
  if (!jsonPointer.startsWith('/')) return undefined;
  let current: unknown = root;
  for (const raw of jsonPointer.slice(1).split('/')) {
    const segment = options.fromUriFragment && raw.includes('%') ? decodeUriFragment(raw) : raw;
    const key = segment.includes('~') ? segment.replace(/~1/g, '/').replace(/~0/g, '~') : segment;
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function decodeUriFragment(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Builds a JSON pointer (RFC 6901) from path segments. */
export function pointer(...segments: Array<string | number>): string {
  let built = '';
  for (const segment of segments) built += '/' + escapeSegment(String(segment));
  return built;
}

// Most keys hold neither "~" nor "/": no replacement to run (pointers are built for every key of a definition).
const escapeSegment = (segment: string): string =>
  segment.includes('~') || segment.includes('/') ? segment.replace(/~/g, '~0').replace(/\//g, '~1') : segment;
