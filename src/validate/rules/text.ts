/** Wording checks shared by the rules: product names, words, URLs; Title Case is src/shared/title-case.ts. */

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
