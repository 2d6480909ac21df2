import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { nonBlankText } from './shared.ts';

function descriptions(context: ValidationContext): Violation[] {
  return context.operations.flatMap(({ operation, pointer: at }): Violation[] => {
    const value = nonBlankText(operation.description);
    if (!value)
      return [
        {
          location: at,
          message: 'The operation has no description.',
          hint: 'Add one or two full sentences that say what the operation does.',
        },
      ];
    const location = `${at}/description`;
    if (
      typeof operation.summary === 'string' &&
      value.trim().toLowerCase() === operation.summary.trim().toLowerCase()
    ) {
      return [
        {
          location,
          message: 'The description repeats the summary.',
          hint: 'Explain more than the summary: what it does, what it returns, when to use it.',
        },
      ];
    }
    return /[.!?]["')\]]?$/.test(value.trim())
      ? []
      : [
          {
            severity: 'warning',
            location,
            message: 'The description does not end like a full sentence.',
            hint: 'Write full sentences ending with a full stop.',
          },
        ];
  });
}

export default defineRule({
  id: 'S10',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'Every operation has a description that differs from the summary and ends like a sentence.',
  evidence:
    'certification guidance: flags 174 of 618 certified connectors (164 repeat the summary), 366 more for the full stop',
  check: descriptions,
});
