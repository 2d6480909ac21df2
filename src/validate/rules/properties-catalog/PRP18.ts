import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

type JsonType = 'String' | 'Array' | 'Object' | 'Boolean';

/** The platform's extensions: the JSON type of each, and the values of those that take a fixed list. */
const EXTENSIONS: Record<string, { type: JsonType; values?: readonly string[] }> = {
  'x-ms-summary': { type: 'String' },
  'x-ms-visibility': { type: 'String', values: ['important', 'advanced', 'internal'] },
  'x-ms-url-encoding': { type: 'String', values: ['single', 'double'] },
  'x-ms-trigger': { type: 'String', values: ['batch', 'single'] },
  'x-ms-editor': { type: 'String' },
  'x-ms-enum-values': { type: 'Array' },
  'x-ms-connector-metadata': { type: 'Array' },
  'x-ms-dynamic-values': { type: 'Object' },
  'x-ms-dynamic-schema': { type: 'Object' },
  'x-ms-dynamic-list': { type: 'Object' },
  'x-ms-dynamic-properties': { type: 'Object' },
  'x-ms-dynamic-tree': { type: 'Object' },
  'x-ms-capabilities': { type: 'Object' },
  'x-ms-notification-content': { type: 'Object' },
  'x-ms-notification-url': { type: 'Boolean' },
};

function jsonType(value: unknown): string {
  if (value === null) return 'Null';
  if (Array.isArray(value)) return 'Array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Number';
  const type = typeof value;
  return type.charAt(0).toUpperCase() + type.slice(1);
}

export default defineRule({
  id: 'PRP18',
  msCode: ['JsonTypeIncorrect', 'JsonValueNotInEnum'],
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    "The platform's extensions have their JSON type (x-ms-summary a string, x-ms-dynamic-values an object, …) and, where the platform lists values, one of them (x-ms-visibility, x-ms-url-encoding, x-ms-trigger).",
  evidence:
    'a wrong JSON type flags 2 of 618 certified connectors (an object or number as x-ms-summary), a value outside the list 5 ("Advanced", ""): guidance',
  check(context) {
    if (!context.definition) return [];
    const index = definitionIndex(context);
    const violations: Violation[] = [];
    for (const [name, { type, values }] of Object.entries(EXTENSIONS)) {
      for (const { value, pointer: at, holderPointer } of index.extensionsNamed(name)) {
        // A schema property that happens to be named like the extension is not one.
        if (holderPointer.endsWith('/properties') && index.schemaAt(holderPointer.slice(0, -'/properties'.length)))
          continue;
        const actual = jsonType(value);
        if (actual !== type) {
          violations.push({
            msCode: 'JsonTypeIncorrect',
            location: at,
            message: `${name} must be of type ${type}, but it is of type ${actual}; the platform cannot read it.`,
            hint: `Write ${name} as ${type === 'String' ? 'a string' : type === 'Array' ? 'an array' : type === 'Object' ? 'an object' : 'true or false'}.`,
          });
        } else if (values && !values.includes(value as string)) {
          violations.push({
            msCode: 'JsonValueNotInEnum',
            location: at,
            message: `${name} is ${JSON.stringify(value)}; the platform knows only ${values.map((known) => `"${known}"`).join(', ')}.`,
            hint: `Use one of ${values.map((known) => `"${known}"`).join(', ')} (lowercase).`,
          });
        }
      }
    }
    return violations;
  },
});
