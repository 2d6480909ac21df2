import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { nonBlankText, info } from './shared.ts';
import {
  mentionsWord,
  productNamesIn,
  TITLE_FORBIDDEN_WORDS,
  TITLE_MAX_LENGTH,
} from '../../../shared/certification.ts';
import { quote } from '../text.ts';

function title(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const value = nonBlankText(info(context)?.title);
  const at = '/info/title';
  if (!value)
    return [
      {
        msCode: 'RequiredPropertyMissing',
        location: at,
        message: 'info.title is missing.',
        hint: 'Give the connector a short English name (30 characters at most).',
      },
    ];
  const violations: Violation[] = [];
  if (value.length > TITLE_MAX_LENGTH)
    violations.push({
      severity: 'warning',
      msCode: 'FieldLengthExceeded',
      location: at,
      message: `info.title ${quote(value)} has ${value.length} characters; at most ${TITLE_MAX_LENGTH} are allowed.`,
      hint: 'Shorten the title.',
    });
  for (const word of TITLE_FORBIDDEN_WORDS) {
    if (mentionsWord(value, word))
      violations.push({
        severity: 'warning',
        msCode: 'ValueContainsRestrictedWords',
        location: at,
        message: `info.title ${quote(value)} contains the word "${word}".`,
        hint: `Remove "${word}" from the title; makers already know it is a connector.`,
      });
  }
  for (const name of productNamesIn(value))
    violations.push({
      severity: 'warning',
      msCode: 'ValueContainsRestrictedWords',
      location: at,
      message: `info.title ${quote(value)} names the product "${name}".`,
      hint: 'Name the service the connector talks to, not a Power Platform product.',
    });
  if (!/[\p{L}\p{N}]$/u.test(value))
    violations.push({
      severity: 'warning',
      msCode: 'ValueMustEndWithAlphanumeric',
      location: at,
      message: `info.title ${quote(value)} does not end with a letter or digit.`,
      hint: 'Remove the trailing punctuation or space.',
    });
  return violations;
}

export default defineRule({
  id: 'S2',
  msCode: [
    'RequiredPropertyMissing',
    'FieldLengthExceeded',
    'ValueContainsRestrictedWords',
    'ValueMustEndWithAlphanumeric',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'info.title present, at most 30 characters, no "API"/"Connector"/product names, ends with a letter or digit.',
  evidence:
    'a missing title flags 0 of 618 certified connectors (the connector is named by it); the wording checks flag 15 (11 end with punctuation): warnings',
  notes: '"English" is not checked (no reliable offline test).',
  check: title,
});
