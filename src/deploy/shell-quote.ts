/**
 * Quotes one word for a POSIX shell so a printed command can be pasted as is. Words made only
 * of safe characters stay bare; anything else goes in single quotes.
 */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function shellCommand(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}
