import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'RSP2',
  msCode: 'InvalidCustomEditorExtensionDictionaryValue',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'x-ms-editor "dictionary" sits on an object schema that allows additional properties (the keys makers add).',
  evidence: 'flags 0 of 618 certified connectors (7 use the dictionary editor, all on objects)',
  check(context) {
    if (!context.definition) return [];
    return definitionIndex(context)
      .extensionsNamed('x-ms-editor')
      .flatMap(({ value, holder, pointer: at }): Violation[] =>
        value === 'dictionary' &&
        ((holder.type !== undefined && holder.type !== 'object') || holder.additionalProperties === false)
          ? [
              {
                location: at,
                message:
                  'x-ms-editor "dictionary" lets makers add their own keys, but this schema is not an object that allows them.',
                hint: 'Use it on { "type": "object", "additionalProperties": { "type": "string" } }, or remove x-ms-editor.',
              },
            ]
          : [],
      );
  },
});
