import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex, type ExtensionNode } from '../../engine/definition-index.ts';
import { isObject } from '../../../shared/json.ts';
import { quote } from '../text.ts';

/** The JSON type a schema "type" asks of an enum value; undefined for types enum values are not checked against. */
const JSON_TYPES: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  integer: (value) => Number.isInteger(value),
  number: (value) => typeof value === 'number',
  boolean: (value) => typeof value === 'boolean',
};
const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;
const keyOf = (value: unknown): string => JSON.stringify(value) ?? 'undefined';

function enumerations(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const index = definitionIndex(context);
  const holders: Array<{ pointer: string; value: Record<string, unknown>; lists: readonly string[] }> = [
    { pointer: '', value: context.definition, lists: ['consumes', 'produces', 'schemes'] },
    ...index.operations.map(({ pointer, operation }) => ({
      pointer,
      value: operation,
      lists: ['consumes', 'produces', 'schemes', 'tags'],
    })),
    ...index.typed.map(({ pointer, value }) => ({ pointer, value, lists: ['enum', 'required'] })),
  ];
  const violations: Violation[] = [];
  for (const { pointer: at, value: holder, lists } of holders)
    violations.push(...repeatedValues(holder, lists, at), ...enumTypeProblems(holder, at));
  for (const extension of index.extensionsNamed('x-ms-enum-values')) violations.push(...enumValuesProblems(extension));
  return violations;
}

/** Each value of a list Swagger 2.0 keeps unique, after its first appearance. */
function repeatedValues(holder: Record<string, unknown>, lists: readonly string[], at: string): Violation[] {
  const violations: Violation[] = [];
  for (const list of lists) {
    const values = holder[list];
    if (!Array.isArray(values)) continue;
    const seen = new Set<string>();
    values.forEach((item, position) => {
      const key = keyOf(item);
      if (seen.has(key))
        violations.push({
          msCode: 'ArrayDuplicateValue',
          location: `${at}/${list}/${position}`,
          message: `"${list}" lists ${quote(item)} more than once.`,
          hint: 'Remove the repeated value.',
        });
      seen.add(key);
    });
  }
  return violations;
}

/** Enum values of another JSON type than the holder's "type" (null aside). */
function enumTypeProblems(holder: Record<string, unknown>, at: string): Violation[] {
  const type = holder.type;
  const fits = typeof type === 'string' ? JSON_TYPES[type] : undefined;
  if (!fits || !Array.isArray(holder.enum)) return [];
  return holder.enum.flatMap((item, position): Violation[] =>
    item === null || fits(item)
      ? []
      : [
          {
            severity: 'warning',
            msCode: 'InvalidEnumValue',
            location: `${at}/enum/${position}`,
            message: `The enum value ${quote(item)} is of type ${typeName(item)}, but the value's type is ${String(type)}.`,
            hint: `Write the value as a ${String(type)}${type === 'string' ? ` (in quotes: "${String(item)}")` : ''}.`,
          },
        ],
  );
}

/** x-ms-enum-values maps each value once, and only values its holder's "enum" lists. */
function enumValuesProblems({ value, pointer: at, holder }: ExtensionNode): Violation[] {
  if (!Array.isArray(value)) return [];
  const allowed = Array.isArray(holder.enum) ? new Set(holder.enum.map(keyOf)) : undefined;
  const seen = new Set<string>();
  const violations: Violation[] = [];
  value.forEach((entry, position) => {
    if (!isObject(entry) || !Object.hasOwn(entry, 'value')) return;
    const key = keyOf(entry.value);
    if (seen.has(key))
      violations.push({
        msCode: 'DuplicateEnumValuesInExtension',
        location: `${at}/${position}`,
        message: `x-ms-enum-values maps the value ${quote(entry.value)} more than once.`,
        hint: 'Keep one entry per value, each with its own display name.',
      });
    seen.add(key);
    if (allowed && !allowed.has(key))
      violations.push({
        msCode: 'InvalidEnumValuesExtensionValue',
        location: `${at}/${position}/value`,
        message: `x-ms-enum-values names the value ${quote(entry.value)}, which "enum" does not list.`,
        hint: 'Add the value to "enum", or correct it to one of the values "enum" lists.',
      });
  });
  return violations;
}

export default defineRule({
  id: 'OP4',
  msCode: [
    'ArrayDuplicateValue',
    'InvalidEnumValue',
    'DuplicateEnumValuesInExtension',
    'InvalidEnumValuesExtensionValue',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'Lists Swagger 2.0 keeps unique (enum, required, consumes, produces, schemes, tags) repeat no value; enum values have the declared type; x-ms-enum-values maps each value once and only values of "enum".',
  evidence:
    "Swagger 2.0 keeps these lists unique; a repeated value and a repeated or unknown x-ms-enum-values value flag 0 of 618 certified connectors; an enum value of another type than the schema's flags 13: a warning",
  check: enumerations,
});
