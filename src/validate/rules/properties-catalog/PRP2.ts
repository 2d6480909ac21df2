import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';
import { quote } from '../text.ts';

/** The JSON type of a value, as Swagger names types. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const fits = (value: unknown, type: string): boolean => {
  const actual = jsonType(value);
  return actual === type || (type === 'number' && actual === 'integer');
};

/** A string that reads as the declared number or boolean ("60", "true"), or null: the platform converts these. */
const converts = (value: unknown, type: string): boolean =>
  value === null ||
  (typeof value === 'string' &&
    ((type === 'boolean' && (value === 'true' || value === 'false')) ||
      (type === 'integer' && /^-?\d+$/.test(value)) ||
      (type === 'number' && value.trim() !== '' && Number.isFinite(Number(value)))));

const CHECKED_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'array', 'object']);

export default defineRule({
  id: 'PRP2',
  msCode: 'DefaultValueMustMatchType',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A "default" has the type its schema or parameter declares.',
  evidence:
    'the maker portal refuses the import with this code; a default the platform converts (a number or boolean written as a string, or null) flags 18 of 618 certified connectors: a warning; any other mismatch flags 0',
  check(context) {
    if (!context.definition) return [];
    return definitionIndex(context).typed.flatMap(({ value: holder, pointer: at }): Violation[] => {
      const { type } = holder;
      if (!Object.hasOwn(holder, 'default') || typeof type !== 'string' || !CHECKED_TYPES.has(type)) return [];
      if (fits(holder.default, type)) return [];
      return [
        {
          ...(converts(holder.default, type) ? { severity: 'warning' as const } : {}),
          location: `${at}/default`,
          message: `The default ${quote(holder.default)} is of type ${jsonType(holder.default)}, but the value is declared as ${type}.`,
          hint: `Write the default as a JSON ${type}${type === 'integer' || type === 'number' ? ' without quotes (e.g. 60, not "60")' : ''}, or correct "type".`,
        },
      ];
    });
  },
});
