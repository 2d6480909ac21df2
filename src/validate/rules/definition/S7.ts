import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { MAX_OPERATIONS } from '../../../shared/certification.ts';
import { MAX_DEFINITION_BYTES, platformSize } from '../../../shared/platform-limits.ts';

function size(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  const bytes = context.raw.definition?.length ?? 0;
  if (bytes > MAX_DEFINITION_BYTES)
    violations.push({
      severity: 'warning',
      location: '/',
      message: `The file has ${bytes} bytes; it must stay under ${platformSize(MAX_DEFINITION_BYTES)} (${MAX_DEFINITION_BYTES} bytes).`,
      hint: 'Remove unused definitions or split the connector.',
    });
  if (context.operations.length > MAX_OPERATIONS)
    violations.push({
      msCode: 'TotalOperationsCountExceedsMaxAllowed',
      location: '/paths',
      message: `The definition has ${context.operations.length} operations; at most ${MAX_OPERATIONS} are allowed.`,
      hint: 'Split the connector into several connectors.',
    });
  return violations;
}

export default defineRule({
  id: 'S7',
  msCode: 'TotalOperationsCountExceedsMaxAllowed',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: `The file is under ${platformSize(MAX_DEFINITION_BYTES)} and has at most ${MAX_OPERATIONS} operations.`,
  evidence: `more than ${MAX_OPERATIONS} operations flags 0 of 618 certified connectors; over ${platformSize(MAX_DEFINITION_BYTES)} flags 1 (certified at 1.1 MB, so the size is not enforced): a warning`,
  check: size,
});
