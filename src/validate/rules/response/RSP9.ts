import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'RSP9',
  msCode: 'SchemaTypeFileNotValid',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A schema of type "file" is a response\'s whole schema, nowhere else.',
  evidence: 'Swagger 2.0 allows type "file" only for a response\'s schema; flags 0 of 618 certified connectors',
  notes: 'A named definition of type "file" is reported only when a request uses it.',
  check(context) {
    if (!context.definition) return [];
    return definitionIndex(context).schemas.flatMap((node): Violation[] => {
      if (node.schema.type !== 'file' || node.role === 'response') return [];
      if (node.role === 'definition' && !node.input) return [];
      return [
        {
          location: `${node.pointer}/type`,
          message: 'A schema has type "file" where only a response\'s whole schema may be a file.',
          hint: 'For file content use type "string" with format "binary"; to upload a file, use a formData parameter of type "file".',
        },
      ];
    });
  },
});
