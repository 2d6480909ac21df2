import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'PAR2',
  msCode: 'ParameterListContainsFormDataAndBody',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'An operation sends either a body parameter or form fields, not both.',
  evidence:
    'the Swagger 2.0 specification forbids body and formData parameters together; flags 0 of 618 certified connectors',
  check(context) {
    if (!context.definition) return [];
    return definitionIndex(context).operations.flatMap((entry): Violation[] => {
      const body = entry.parameters.find(({ parameter }) => parameter.in === 'body');
      const form = entry.parameters.find(({ parameter }) => parameter.in === 'formData');
      if (!body || !form) return [];
      return [
        {
          location: form.pointer,
          message: `The operation has a body parameter and form fields; a request carries only one of them.`,
          hint: 'Keep the body parameter and move the form fields into its schema, or make every input a form field.',
        },
      ];
    });
  },
});
