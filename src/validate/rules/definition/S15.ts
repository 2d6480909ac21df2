import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { labelProblems, schemaProperties } from './shared.ts';

function responseLabels(context: ValidationContext): Violation[] {
  const violations: Violation[] = [];
  const walkedRefs = new Set<string>();
  for (const { responses } of context.operations) {
    for (const { code, response, pointer: at } of responses) {
      if (!/^2\d\d$/.test(code)) continue;
      schemaProperties(
        context,
        response.schema,
        `${at}/schema`,
        (name, property, location) => {
          violations.push(
            ...labelProblems(property['x-ms-summary'], location, `response property "${name}"`, 'warning'),
          );
        },
        walkedRefs,
      );
    }
  }
  return violations;
}

export default defineRule({
  id: 'S15',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'Properties of success-response schemas carry a Title Case x-ms-summary.',
  evidence: 'certification guidance: flags 539 of 618 certified connectors',
  check: responseLabels,
});
