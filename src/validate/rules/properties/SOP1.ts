import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { settings } from './shared.ts';
import { quote } from '../text.ts';

function scriptOperations(context: ValidationContext): Violation[] {
  const listed = settings(context)?.scriptOperations;
  if (!Array.isArray(listed) || !context.definition) return [];
  const known = new Set(
    context.operations
      .map(({ operation }) => operation.operationId)
      .filter((id): id is string => typeof id === 'string'),
  );
  return listed.flatMap((name: unknown, index): Violation[] =>
    typeof name === 'string' && known.has(name)
      ? []
      : [
          {
            location: `/properties/scriptOperations/${index}`,
            message: `scriptOperations names ${quote(name)}, which is not an operationId of ${CONNECTOR_FILES.definition}.`,
            hint: `Use one of: ${[...known].join(', ') || '(no operations defined)'}.`,
          },
        ],
  );
}

export default defineRule({
  id: 'SOP1',
  severity: 'warning',
  file: CONNECTOR_FILES.properties,
  description: 'scriptOperations names only operationIds of the definition.',
  evidence: 'flags 2 of 618 certified connectors: the platform ignores an unknown name',
  check: scriptOperations,
});
