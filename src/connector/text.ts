/** Style checks for the text makers read in the designer (see certification rules S9–S11, S15); Title Case is src/shared/title-case.ts. */
import { SUMMARY_FORBIDDEN_CHARACTERS, SUMMARY_MAX_LENGTH } from '../shared/certification.ts';

/** At least one full sentence: starts with a capital letter, ends with '.', '!' or '?'. */
export function isSentence(text: string): boolean {
  return /^[A-Z][\s\S]*[.!?]$/.test(text) && text === text.trim();
}

/** An operation summary: sentence case, none of / \ < > * % & ?, no trailing punctuation or space. */
export function isOperationSummary(text: string): boolean {
  return (
    /^[A-Z][\s\S]*[A-Za-z0-9)]$/.test(text) &&
    !SUMMARY_FORBIDDEN_CHARACTERS.some((character) => text.includes(character)) &&
    text.length <= SUMMARY_MAX_LENGTH
  );
}
