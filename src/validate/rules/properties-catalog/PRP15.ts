import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'PRP15',
  msCode: 'RequiredReadOnlyPropertyNotAllowedAsInput',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A property of a request body is not both "readOnly" and required.',
  evidence: 'flags 0 of 618 certified connectors',
  check(context) {
    if (!context.definition) return [];
    return definitionIndex(context).schemas.flatMap((node): Violation[] =>
      node.role === 'property' && node.input && node.required && node.schema.readOnly === true
        ? [
            {
              location: `${node.pointer}/readOnly`,
              message: `Body property "${node.name}" is read-only yet required: makers would have to send a value the service only returns.`,
              hint: 'Remove it from the parent\'s "required", or drop "readOnly" if makers set it.',
            },
          ]
        : [],
    );
  },
});
