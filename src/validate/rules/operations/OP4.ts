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

const DOCUMENT_LISTS = ['consumes', 'produces', 'schemes'];
const OPERATION_LISTS = ['consumes', 'produces', 'schemes', 'tags'];
const TYPED_LISTS = ['enum', 'required'];

function enumerations(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const index = definitionIndex(context);
  const violations: Violation[] = [];
  const judge = (at: string, holder: Record<string, unknown>, lists: readonly string[]) => {
    for (const list of lists) repeatedValues(holder, list, at, violations);
    enumTypeProblems(holder, at, violations);
  };
  judge('', context.definition, DOCUMENT_LISTS);
  for (const { pointer: at, operation } of index.operations) judge(at, operation, OPERATION_LISTS);
  for (const { pointer: at, value } of index.typed) judge(at, value, TYPED_LISTS);
  for (const extension of index.extensionsNamed('x-ms-enum-values')) violations.push(...enumValuesProblems(extension));
  return violations;
}

/**
 * Each value of a list Swagger 2.0 keeps unique, after its first appearance. Scalars are compared
 * as they are (1 and "1" differ), objects and arrays by their JSON text.
 */
function repeatedValues(holder: Record<string, unknown>, list: string, at: string, violations: Violation[]): void {
  const values = holder[list];
  if (!Array.isArray(values) || values.length < 2) return;
  const seenScalars = new Set<unknown>();
  const seenStructures = new Set<string>();
  values.forEach((item, position) => {
    const structured = item !== null && typeof item === 'object';
    const seen = structured ? seenStructures : seenScalars;
    const key = structured ? keyOf(item) : item;
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

/** Enum values of another JSON type than the holder's "type" (null aside). */
function enumTypeProblems(holder: Record<string, unknown>, at: string, violations: Violation[]): void {
  const type = holder.type;
  const fits = typeof type === 'string' ? JSON_TYPES[type] : undefined;
  if (!fits || !Array.isArray(holder.enum)) return;
  holder.enum.forEach((item, position) => {
    if (item === null || fits(item)) return;
    violations.push({
      severity: 'warning',
      msCode: 'InvalidEnumValue',
      location: `${at}/enum/${position}`,
      message: `The enum value ${quote(item)} is of type ${typeName(item)}, but the value's type is ${String(type)}.`,
      hint: `Write the value as a ${String(type)}${type === 'string' ? ` (in quotes: "${String(item)}")` : ''}.`,
    });
  });
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
