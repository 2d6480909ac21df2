import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

/** What each dynamic extension calls: one of these members names it. */
const CALLED_BY: Record<string, readonly string[]> = {
  'x-ms-dynamic-values': ['operationId', 'capability', 'builtInOperation'],
  'x-ms-dynamic-schema': ['operationId', 'capability', 'builtInOperation'],
  'x-ms-dynamic-list': ['operationId', 'capability', 'builtInOperation'],
  'x-ms-dynamic-properties': ['operationId', 'capability', 'builtInOperation'],
};

export default defineRule({
  id: 'PRP12',
  msCode: 'OneOfPropertiesRequired',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'x-ms-dynamic-values, -schema, -list and -properties name what they call: "operationId" (or "capability", "builtInOperation").',
  evidence: 'flags 0 of 618 certified connectors',
  check(context) {
    if (!context.definition) return [];
    const index = definitionIndex(context);
    return Object.entries(CALLED_BY).flatMap(([name, members]) =>
      index.extensionsNamed(name).flatMap(({ value, pointer: at }): Violation[] =>
        isObject(value) && !members.some((member) => value[member] !== undefined)
          ? [
              {
                location: at,
                message: `${name} names no operation to call, so the designer has nothing to fill the input with.`,
                hint: `Add "operationId" naming the operation that returns the values (or one of ${members
                  .slice(1)
                  .map((member) => `"${member}"`)
                  .join(', ')}).`,
              },
            ]
          : [],
      ),
    );
  },
});
