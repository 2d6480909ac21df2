/**
 * Generic checks as data, in the manner of Spectral's given/then: a rule names where to look
 * (`given`: a collection of the definition index) and what must hold there (`then`: a field and one
 * of a few shared functions). Most catalog rules are one such declaration.
 *
 *   export default dataRule({
 *     id: 'MD4', msCode: 'ExclusiveMinimumRequiresMinimum', severity: 'error', file: DEFINITION, …,
 *     given: 'typed',
 *     then: { field: 'exclusiveMinimum', check: requires('minimum'),
 *             message: 'exclusiveMinimum is set without minimum.', hint: 'Add "minimum" or remove "exclusiveMinimum".' },
 *   });
 */
import { isObject, type JsonObject } from '../../shared/json.ts';
import { pointer } from '../../shared/json-pointer.ts';
import type { Rule, Severity, ValidationContext, Violation } from '../types.ts';
import { definitionIndex, type DefinitionIndex } from './definition-index.ts';

/** One place a check looks at: an object of the definition and its pointer. */
export interface Target {
  pointer: string;
  value: JsonObject;
  /** The index entry it came from (SchemaNode, ParameterNode, …), for `where` filters. */
  node: unknown;
}

/**
 * Where to look: 'schemas' (every schema object), 'typed' (schemas, non-body parameters, their
 * items and response headers: whatever carries type/format/enum/minLength…), 'parameters',
 * 'operations', 'responses', 'root' (the document), or 'extension:<name>' (each holder of that
 * vendor extension; the extension itself is the field).
 */
export type Given =
  'schemas' | 'typed' | 'parameters' | 'operations' | 'responses' | 'root' | 'info' | `extension:${string}`;

const targetsByIndex = new WeakMap<DefinitionIndex, Map<Given, readonly Target[]>>();

/** The targets of a place, listed once per folder and shared by every rule that looks there. */
export function targets(index: DefinitionIndex, context: ValidationContext, given: Given): readonly Target[] {
  let byGiven = targetsByIndex.get(index);
  if (!byGiven) {
    byGiven = new Map();
    targetsByIndex.set(index, byGiven);
  }
  let found = byGiven.get(given);
  if (!found) {
    found = listTargets(index, context, given);
    byGiven.set(given, found);
  }
  return found;
}

function listTargets(index: DefinitionIndex, context: ValidationContext, given: Given): Target[] {
  switch (given) {
    case 'schemas':
      return index.schemas.map((node) => ({ pointer: node.pointer, value: node.schema, node }));
    case 'typed':
      return index.typed.map((node) => ({ pointer: node.pointer, value: node.value, node }));
    case 'parameters':
      return index.parameters.map((node) => ({ pointer: node.definedAt, value: node.parameter, node }));
    case 'operations':
      return index.operations.map((node) => ({ pointer: node.pointer, value: node.operation, node }));
    case 'responses':
      return index.responses.map((node) => ({ pointer: node.definedAt, value: node.response, node }));
    case 'root':
      return context.definition ? [{ pointer: '', value: context.definition, node: context.definition }] : [];
    case 'info':
      return isObject(context.definition?.info)
        ? [{ pointer: '/info', value: context.definition.info, node: context.definition.info }]
        : [];
    default: {
      const name = given.slice('extension:'.length);
      return index
        .extensionsNamed(name)
        .map((extension) => ({ pointer: extension.holderPointer, value: extension.holder, node: extension }));
    }
  }
}

/**
 * A shared check: given the field's value (undefined when absent) and its holder, a short phrase
 * saying what is wrong, or undefined when it holds. A check passes over an absent field unless it
 * is about presence (`defined`).
 */
export type FieldCheck = (value: unknown, holder: JsonObject) => string | undefined;

const typeName = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : Number.isInteger(value) ? 'integer' : typeof value;

/** The field is present and not empty. */
export const defined =
  (): FieldCheck =>
  (value): string | undefined =>
    value === undefined || value === null || value === '' ? 'is missing or empty' : undefined;

/** A string's length or an array's size is within bounds. */
export const length =
  ({ min, max }: { min?: number; max?: number }): FieldCheck =>
  (value) => {
    if (typeof value !== 'string' && !Array.isArray(value)) return undefined;
    if (min !== undefined && value.length < min) return `has ${value.length}, fewer than ${min}`;
    if (max !== undefined && value.length > max) return `has ${value.length}, more than ${max}`;
    return undefined;
  };

/** A string matches (or, with `not`, does not match) a regular expression. */
export const pattern =
  (expression: RegExp, { not = false }: { not?: boolean } = {}): FieldCheck =>
  (value) => {
    if (typeof value !== 'string') return undefined;
    return expression.test(value) === not ? `${not ? 'matches' : 'does not match'} ${expression}` : undefined;
  };

/** The value is one of a list. */
export const enumeration =
  (values: readonly unknown[]): FieldCheck =>
  (value) =>
    value === undefined || values.includes(value)
      ? undefined
      : `is not one of ${values.map((item) => JSON.stringify(item)).join(', ')}`;

/** The value has one of the JSON types ('string', 'number', 'integer', 'boolean', 'array', 'object', 'null'). */
export const typeOf =
  (...types: string[]): FieldCheck =>
  (value) => {
    if (value === undefined) return undefined;
    const actual = typeName(value);
    if (types.includes(actual) || (actual === 'integer' && types.includes('number'))) return undefined;
    return `is of type ${actual}, not ${types.join(' or ')}`;
  };

/** When the field is present, another field of the same holder is present too. */
export const requires =
  (other: string): FieldCheck =>
  (value, holder) =>
    value !== undefined && value !== false && holder[other] === undefined ? `is set without "${other}"` : undefined;

/** A number is at least `min` (non-numbers are the type checks' to report). */
export const atLeast =
  (min: number): FieldCheck =>
  (value) =>
    typeof value === 'number' && value < min ? `is ${value}, below ${min}` : undefined;

/** A number is at most the holder's `other` field (both numbers; else nothing to compare). */
export const notAbove =
  (other: string): FieldCheck =>
  (value, holder) => {
    const limit = holder[other];
    return typeof value === 'number' && typeof limit === 'number' && value > limit
      ? `is ${value}, above ${other} ${limit}`
      : undefined;
  };

/** A string is a regular expression (ECMAScript syntax, which the designer's checks use too). */
export const regularExpression =
  (): FieldCheck =>
  (value): string | undefined => {
    if (typeof value !== 'string') return undefined;
    try {
      new RegExp(value);
      return undefined;
    } catch (error) {
      return `is not a regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')})`;
    }
  };

/** The field, when present, is not a string of only spaces. */
export const notBlank =
  (): FieldCheck =>
  (value): string | undefined =>
    typeof value === 'string' && value.trim() === '' ? 'is empty' : undefined;

/** The field is absent (it does not belong where it is). */
export const absent =
  (): FieldCheck =>
  (value): string | undefined =>
    value === undefined ? undefined : 'is set';

export interface Then {
  /** Only for targets of this one of the rule's `given` places (a rule that looks in several). */
  given?: Given;
  /** The member checked; absent: the holder itself is passed as the value. */
  field?: string;
  check: FieldCheck;
  /** What makers read; {{field}}, {{value}} (JSON, cut short) and {{problem}} (the check's phrase) are filled in. */
  message: string;
  hint: string;
  msCode?: string;
  severity?: Severity;
}

export interface DataRuleSpec extends Omit<Rule, 'check'> {
  given: Given | readonly Given[];
  /** Narrows the targets, e.g. to input schemas: `(target) => (target.node as SchemaNode).input`. */
  where?: (target: Target) => boolean;
  then: Then | readonly Then[];
}

const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

const fill = (template: string, values: Record<string, string>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);

/** A rule made of `given`/`then` data; see the example at the top of this file. */
export function dataRule(spec: DataRuleSpec): Rule {
  const { given, where, then, ...meta } = spec;
  const givens: readonly Given[] = typeof given === 'string' ? [given] : given;
  const thens: readonly Then[] = Array.isArray(then) ? then : [then as Then];
  return {
    ...meta,
    check(context) {
      if (!context.definition) return [];
      const index = definitionIndex(context);
      const violations: Violation[] = [];
      for (const place of givens) {
        for (const target of targets(index, context, place)) {
          if (where && !where(target)) continue;
          for (const rule of thens) {
            if (rule.given !== undefined && rule.given !== place) continue;
            const value = rule.field === undefined ? target.value : target.value[rule.field];
            const problem = rule.check(value, target.value);
            if (problem === undefined) continue;
            const present = rule.field !== undefined && Object.hasOwn(target.value, rule.field);
            violations.push({
              location: (present ? `${target.pointer}${pointer(rule.field!)}` : target.pointer) || '/',
              message: fill(rule.message, { field: rule.field ?? '', value: shown(value), problem }),
              hint: fill(rule.hint, { field: rule.field ?? '', value: shown(value), problem }),
              ...(rule.msCode ? { msCode: rule.msCode } : {}),
              ...(rule.severity ? { severity: rule.severity } : {}),
            });
          }
        }
      }
      return violations;
    },
  };
}
