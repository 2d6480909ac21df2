/** Wording checks shared by the rules: title case, sentence case, product names. */

/** Short words that title case leaves lowercase (unless they start the text). */
const SMALL_WORDS = new Set([
  'a', 'an', 'the', 'of', 'to', 'in', 'for', 'and', 'or', 'nor', 'but', 'by', 'with', 'on', 'at', 'as',
  'from', 'per', 'via', 'into', 'vs',
]);

function words(text: string): string[] {
  return text
    .split(/\s+/)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+/u, ''))
    .filter(Boolean);
}

/** An identifier-like word such as "iOS" or "eTag" keeps its own casing. */
function hasInnerCapital(word: string): boolean {
  return /\p{Lu}/u.test(word.slice(1));
}

/** The first word that breaks title case, or undefined when the text is in title case. */
export function titleCaseOffender(text: string): string | undefined {
  return words(text).find((word, index) => {
    if (!/^\p{Ll}/u.test(word)) return false;
    if (index > 0 && SMALL_WORDS.has(word.toLowerCase())) return false;
    return !hasInnerCapital(word);
  });
}

/** True when text reads like Title Case ("Create A New User") rather than sentence case. */
export function looksTitleCased(text: string): boolean {
  const rest = words(text)
    .slice(1)
    .filter((word) => !SMALL_WORDS.has(word.toLowerCase()) && /^\p{L}/u.test(word));
  const capitalised = rest.filter((word) => /^\p{Lu}/u.test(word) && word !== word.toUpperCase());
  return rest.length >= 2 && capitalised.length === rest.length;
}

export const PRODUCT_NAMES = ['Power Apps', 'Power Automate', 'Logic Apps', 'Copilot Studio'];

/** Product names the text mentions (spaces optional, any case: "PowerApps" counts). */
export function productNamesIn(text: string): string[] {
  return PRODUCT_NAMES.filter((name) => new RegExp(name.replace(' ', '\\s*'), 'i').test(text));
}

export function mentionsWord(text: string, word: string): boolean {
  return new RegExp(`\\b${word}\\b`, 'i').test(text);
}

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
