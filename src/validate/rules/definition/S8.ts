import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';

function operationIds(context: ValidationContext): Violation[] {
  const seen = new Map<string, string>();
  return context.operations.flatMap(({ operation, pointer: at }): Violation[] => {
    const id = operation.operationId;
    if (typeof id !== 'string' || id === '')
      return [
        {
          msCode: 'OperationIdRequired',
          location: at,
          message: 'The operation has no operationId.',
          hint: 'Add a unique PascalCase operationId such as "CreateUser".',
        },
      ];
    const location = `${at}/operationId`;
    const violations: Violation[] = [];
    const earlier = seen.get(id);
    if (earlier)
      violations.push({
        msCode: 'OperationIdNotUnique',
        location,
        message: `operationId "${id}" is also used by ${earlier}.`,
        hint: 'Give each operation its own operationId.',
      });
    seen.set(id, at);
    if (!/^[A-Za-z0-9]+$/.test(id))
      violations.push({
        severity: 'warning',
        msCode: 'OperationIdSanitized',
        location,
        message: `operationId "${id}" contains characters other than letters and digits.`,
        hint: 'Use letters and digits only, e.g. "CreateUser".',
      });
    else if (!/^[A-Z]/.test(id))
      violations.push({
        severity: 'warning',
        location,
        message: `operationId "${id}" is not PascalCase.`,
        hint: `Start with a capital letter, e.g. "${id[0]!.toUpperCase()}${id.slice(1)}".`,
      });
    return violations;
  });
}

export default defineRule({
  id: 'S8',
  msCode: ['OperationIdRequired', 'OperationIdNotUnique', 'OperationIdSanitized'],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Every operation has a unique alphanumeric operationId.',
  evidence:
    'a missing or duplicate operationId flags 0 of 618 certified connectors (the platform names actions by it); other characters than letters and digits flag 146, not PascalCase 37: warnings',
  check: operationIds,
});
