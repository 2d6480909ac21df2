/** Style checks for the text makers read in the designer (see certification rules S9–S11, S15). */

// Words that title case leaves in lower case unless they start the title.
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'but', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'via', 'with']);

/** "Token Scopes", "User ID", "Calling (VoIP)": every major word starts with a capital or a digit. */
export function isTitleCase(text: string): boolean {
  const words = text.split(/[\s/-]+/).filter((word) => word.length > 0);
  if (words.length === 0 || text !== text.trim()) return false;
  return words.every((raw, index) => {
    const word = raw.replace(/^[("']+|[)"',:.]+$/g, '');
    if (word.length === 0) return true;
    if (index > 0 && MINOR_WORDS.has(word)) return true;
    return /^[A-Z0-9]/.test(word);
  });
}

/** At least one full sentence: starts with a capital letter, ends with '.', '!' or '?'. */
export function isSentence(text: string): boolean {
  return /^[A-Z][\s\S]*[.!?]$/.test(text) && text === text.trim();
}

/** An operation summary: sentence case, none of / \ < > * % & ?, no trailing punctuation or space. */
export function isOperationSummary(text: string): boolean {
  return /^[A-Z][^/\\<>*%&?]*[A-Za-z0-9)]$/.test(text) && text.length <= 80;
}
