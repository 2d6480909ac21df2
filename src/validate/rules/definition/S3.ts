import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { nonBlankText, info } from './shared.ts';
import { DESCRIPTION_LENGTH, mentionsWord, productNamesIn } from '../../../shared/certification.ts';

function description(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const value = nonBlankText(info(context)?.description);
  const at = '/info/description';
  if (!value)
    return [
      {
        msCode: 'RequiredPropertyMissing',
        location: at,
        message: 'info.description is missing.',
        hint: 'Describe in 30–500 characters what the connector does.',
      },
    ];
  const violations: Violation[] = [];
  if (value.length < DESCRIPTION_LENGTH.min || value.length > DESCRIPTION_LENGTH.max)
    violations.push({
      severity: 'warning',
      msCode: 'FieldLengthNotInRange',
      location: at,
      message: `info.description has ${value.length} characters; it must have ${DESCRIPTION_LENGTH.min}–${DESCRIPTION_LENGTH.max}.`,
      hint: 'Rewrite the description to fit 30–500 characters.',
    });
  for (const name of productNamesIn(value).filter((name) => name !== 'Copilot Studio')) {
    violations.push({
      severity: 'warning',
      msCode: 'ValueContainsRestrictedWords',
      location: at,
      message: `info.description names the product "${name}".`,
      hint: 'Describe the service, not the Power Platform product it is used from.',
    });
  }
  if (mentionsWord(value, 'API'))
    violations.push({
      severity: 'warning',
      msCode: 'ValueContainsRestrictedWords',
      location: at,
      message: 'info.description uses the word "API".',
      hint: 'Say what the service does instead of calling it an API (connector guidance).',
    });
  return violations;
}

export default defineRule({
  id: 'S3',
  msCode: ['RequiredPropertyMissing', 'FieldLengthNotInRange', 'ValueContainsRestrictedWords'],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'info.description 30–500 characters without Power Apps/Power Automate/Logic Apps.',
  evidence:
    'a missing description flags 0 of 618 certified connectors; length and product names flag 7, the word "API" 61: warnings',
  check: description,
});
