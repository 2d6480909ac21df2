/**
 * The one definition of Title Case, for labels makers read (x-ms-summary, enum display names):
 * the model refuses what breaks it, the validator reports it (S11, S15). Certified connectors
 * write "Token from User", "iOS Device ID" and "Read-only Token", so short words, identifiers with
 * an inner capital and what follows a hyphen keep their own casing.
 */

/** Short words that Title Case leaves lowercase, unless they start the text. */
const SMALL_WORDS = new Set([
  'a',
  'an',
  'the',
  'of',
  'to',
  'in',
  'for',
  'and',
  'or',
  'nor',
  'but',
  'by',
  'with',
  'on',
  'at',
  'as',
  'from',
  'per',
  'via',
  'into',
  'vs',
]);

/** Space-separated words without leading punctuation: "(VoIP)" is "VoIP)", "Read-only" one word. */
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

/** The first word that breaks Title Case, or undefined when the text is in Title Case. */
export function titleCaseOffender(text: string): string | undefined {
  return words(text).find((word, index) => {
    if (!/^\p{Ll}/u.test(word)) return false;
    if (index > 0 && SMALL_WORDS.has(word.toLowerCase())) return false;
    return !hasInnerCapital(word);
  });
}

/** A label in Title Case: some text, no surrounding spaces, no word that breaks it. */
export function isTitleCase(text: string): boolean {
  return text.trim() !== '' && text === text.trim() && titleCaseOffender(text) === undefined;
}

/** True when text reads like Title Case ("Create A New User") rather than sentence case. */
export function looksTitleCased(text: string): boolean {
  const rest = words(text)
    .slice(1)
    .filter((word) => !SMALL_WORDS.has(word.toLowerCase()) && /^\p{L}/u.test(word));
  const capitalised = rest.filter((word) => /^\p{Lu}/u.test(word) && word !== word.toUpperCase());
  return rest.length >= 2 && capitalised.length === rest.length;
}
