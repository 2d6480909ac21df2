import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, allParameters } from '../../../connector-folder/index.ts';
import { nonBlankText, nameOf, schemaProperties, labelProblems } from './shared.ts';

function parameterLabels(context: ValidationContext): Violation[] {
  const walkedRefs = new Set<string>();
  return allParameters(context.operations).flatMap(({ parameter, pointer: at }): Violation[] => {
    if (parameter.in === 'body') {
      const violations: Violation[] = [];
      schemaProperties(
        context,
        parameter.schema,
        `${at}/schema`,
        (name, property, location) => {
          const what = `body property "${name}"`;
          violations.push(...labelProblems(property['x-ms-summary'], location, what));
          if (!nonBlankText(property.description))
            violations.push({
              location,
              message: `${what} has no description.`,
              hint: 'Add a sentence that tells makers what to enter.',
            });
        },
        walkedRefs,
      );
      return violations;
    }
    const what = `parameter ${nameOf(parameter)}`;
    const violations = labelProblems(parameter['x-ms-summary'], at, what);
    if (!nonBlankText(parameter.description))
      violations.push({
        location: at,
        message: `${what} has no description.`,
        hint: 'Add a sentence that tells makers what to enter.',
      });
    return violations;
  });
}

export default defineRule({
  id: 'S11',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    'Every parameter (and every body property) has a Title Case x-ms-summary of at most 80 characters and a description.',
  evidence: 'certification guidance: flags 569 of 618 certified connectors',
  notes:
    'Title Case allows short words (a, an, the, of, to, in, for, and, or, by, with, on, at, …) in lowercase and identifiers such as "iOS".',
  check: parameterLabels,
});
