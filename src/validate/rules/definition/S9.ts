import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { nonBlankText } from './shared.ts';
import { looksTitleCased } from '../../../shared/title-case.ts';
import { SUMMARY_FORBIDDEN_CHARACTERS, SUMMARY_LIMIT, SUMMARY_MAX_LENGTH } from '../../../shared/certification.ts';
import { quote } from '../text.ts';

function summaries(context: ValidationContext): Violation[] {
  return context.operations.flatMap(({ operation, pointer: at }): Violation[] => {
    const summary = nonBlankText(operation.summary);
    if (!summary)
      return [
        {
          severity: 'warning',
          location: at,
          message: 'The operation has no summary.',
          hint: 'Add a short sentence-case summary such as "Create a user".',
        },
      ];
    const location = `${at}/summary`;
    const violations: Violation[] = [];
    const forbidden = SUMMARY_FORBIDDEN_CHARACTERS.filter((character) => summary.includes(character));
    if (forbidden.length > 0)
      violations.push({
        msCode: 'RestrictedCharactersInSummary',
        location,
        message: `Summary ${quote(summary)} contains ${forbidden.map((c) => `"${c}"`).join(', ')}.`,
        hint: `Remove the characters ${SUMMARY_FORBIDDEN_CHARACTERS.join(' ')} from the summary.`,
      });
    if (/[.,;:!?\s]$/.test(summary))
      violations.push({
        location,
        message: `Summary ${quote(summary)} ends with punctuation or a space.`,
        hint: 'End the summary with a word.',
      });
    if (/^\p{Ll}/u.test(summary))
      violations.push({
        severity: 'warning',
        location,
        message: `Summary ${quote(summary)} does not start with a capital letter.`,
        hint: 'Use sentence case: capitalise the first word only, e.g. "Create a user".',
      });
    else if (looksTitleCased(summary))
      violations.push({
        severity: 'warning',
        location,
        message: `Summary ${quote(summary)} looks like Title Case.`,
        hint: 'Use sentence case: capitalise the first word and proper nouns only.',
      });
    if (summary.length > SUMMARY_LIMIT)
      violations.push({
        msCode: 'OperationSummaryTooLong',
        location,
        message: `Summary has ${summary.length} characters; the validator allows ${SUMMARY_LIMIT}.`,
        hint: `Shorten it to ${SUMMARY_MAX_LENGTH} characters or fewer.`,
      });
    else if (summary.length > SUMMARY_MAX_LENGTH)
      violations.push({
        severity: 'warning',
        msCode: 'OperationSummaryTooLong',
        location,
        message: `Summary has ${summary.length} characters; the guidance is ${SUMMARY_MAX_LENGTH} or fewer.`,
        hint: 'Shorten the summary.',
      });
    return violations;
  });
}

export default defineRule({
  id: 'S9',
  msCode: ['RestrictedCharactersInSummary', 'OperationSummaryTooLong'],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'Every operation has a summary without / \\ < > * % & ?, no trailing punctuation or space, starting with a capital, at most 120 characters.',
  evidence:
    'forbidden characters, trailing punctuation and over 120 characters flag 0 of 618 certified connectors; no summary or a lowercase start flag 22, a Title Case look 257 (with the 80-character guidance): warnings',
  notes: 'Sentence case beyond the first letter is judged heuristically (all words capitalised).',
  check: summaries,
});
