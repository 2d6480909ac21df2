import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';

function responses(context: ValidationContext): Violation[] {
  return context.operations.flatMap(({ responses: resolved, pointer: at }): Violation[] => {
    const location = `${at}/responses`;
    const violations: Violation[] = [];
    if (!resolved.some(({ code }) => /^2\d\d$/.test(code)))
      violations.push({
        msCode: 'OperationShouldHaveSuccessfulResponse',
        location,
        message: 'The operation has no success (2xx) response.',
        hint: 'Document the success response, e.g. "200" with a schema or "204" for no content.',
      });
    for (const { code, response, pointer: responseAt } of resolved) {
      if ((code === '200' || code === '201') && response.schema === undefined) {
        violations.push({
          location: responseAt,
          message: `Response ${code} has no schema, so makers get no dynamic content from it.`,
          hint: 'Describe the body with a schema, or use 204 when the operation returns no body.',
        });
      }
      if (code === 'default' && response.schema !== undefined)
        violations.push({
          msCode: 'DefaultResponseHasSchema',
          location: `${location}/default/schema`,
          message: 'The default response carries a schema.',
          hint: 'Remove the schema from the default response.',
        });
    }
    const withSchema = resolved.filter(({ response }) => response.schema !== undefined).map(({ code }) => code);
    if (withSchema.length > 1)
      violations.push({
        msCode: 'OperationHasManyResponsesWithSchema',
        location,
        message: `Responses ${withSchema.join(', ')} all carry a schema; only one response may.`,
        hint: 'Keep the schema on the success response and describe errors in text only.',
      });
    return violations;
  });
}

export default defineRule({
  id: 'S14',
  msCode: ['OperationShouldHaveSuccessfulResponse', 'DefaultResponseHasSchema', 'OperationHasManyResponsesWithSchema'],
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    'Each operation has a 2xx response; 200/201 have a schema; the default response has none; at most one response has a schema.',
  evidence: 'certification guidance: flags 344 of 618 certified connectors',
  check: responses,
});
