import { type ValidationContext, type Violation } from '../../types.ts';
import { isObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { titleCaseOffender } from '../../../shared/title-case.ts';
import { LABEL_MAX_LENGTH } from '../../../shared/certification.ts';
import { quote } from '../text.ts';

/** Helpers the definition rules (S1–S16) share. */

/** The value when it is a string with more than white space, else undefined: a text that says something. */
export const nonBlankText = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/** A parameter's name for messages; a missing name is reported by SW1 and must not read "undefined" here. */
export const nameOf = (parameter: Record<string, unknown>): string =>
  typeof parameter.name === 'string' ? `"${parameter.name}"` : '(without a name)';

export function info(context: ValidationContext): Record<string, unknown> | undefined {
  return isObject(context.definition?.info) ? context.definition.info : undefined;
}

/**
 * Schema properties (through $refs, arrays and allOf) with their pointers, for S11, S12 and S15,
 * parents first in document order. Iterative, and each $ref is followed once (its findings sit at
 * the definition): a long chain of definitions cannot overflow the stack, nor definitions that
 * each refer to the next twice cost time exponential in their number. A rule that walks many
 * schemas passes one `walkedRefs` to all the walks, so a definition that a hundred operations
 * share is walked once, not a hundred times to the same findings.
 */
export function schemaProperties(
  context: ValidationContext,
  schema: unknown,
  at: string,
  visit: (name: string, property: Record<string, unknown>, location: string, required: boolean) => void,
  walkedRefs = new Set<string>(),
): void {
  type Step =
    | { schema: unknown; at: string }
    | { property: Record<string, unknown>; name: string; location: string; required: boolean };
  const pending: Step[] = [{ schema, at }];
  while (pending.length > 0) {
    const step = pending.pop()!;
    if ('property' in step) {
      const { property, name, location, required } = step;
      const resolved = typeof property.$ref === 'string' ? context.resolveRef(property.$ref) : property;
      visit(name, isObject(resolved) ? { ...resolved, ...property } : property, location, required);
      pending.push({ schema: property, at: location });
      continue;
    }
    const node = step.schema;
    if (!isObject(node)) continue;
    if (typeof node.$ref === 'string') {
      if (!walkedRefs.has(node.$ref)) {
        walkedRefs.add(node.$ref);
        pending.push({ schema: context.resolveRef(node.$ref), at: node.$ref.slice(1) });
      }
      continue;
    }
    // Pushed last part first, so that they are taken in the order written: allOf, items, properties.
    if (isObject(node.properties)) {
      const properties = node.properties;
      const required = Array.isArray(node.required) ? node.required : [];
      const names = Object.keys(properties);
      for (let index = names.length - 1; index >= 0; index--) {
        const name = names[index]!;
        const property = properties[name];
        if (isObject(property))
          pending.push({
            property,
            name,
            location: `${step.at}/properties${pointer(name)}`,
            required: required.includes(name),
          });
      }
    }
    if (isObject(node.items)) pending.push({ schema: node.items, at: `${step.at}/items` });
    if (Array.isArray(node.allOf))
      for (let index = node.allOf.length - 1; index >= 0; index--)
        pending.push({ schema: node.allOf[index], at: `${step.at}/allOf/${index}` });
  }
}

export function labelProblems(label: unknown, location: string, what: string, severity?: 'warning'): Violation[] {
  if (typeof label !== 'string' || label.trim() === '') {
    return [
      {
        severity,
        location,
        message: `${what} has no x-ms-summary.`,
        hint: 'Add a short Title Case label ("User Identity") that makers see in the designer.',
      },
    ];
  }
  const violations: Violation[] = [];
  const offender = titleCaseOffender(label);
  if (offender)
    violations.push({
      severity,
      location: `${location}/x-ms-summary`,
      message: `x-ms-summary ${quote(label)} of ${what} is not Title Case ("${offender}").`,
      hint: 'Capitalise every word except short ones such as "a", "of", "to".',
    });
  if (label.length > LABEL_MAX_LENGTH)
    violations.push({
      severity,
      location: `${location}/x-ms-summary`,
      message: `x-ms-summary of ${what} has ${label.length} characters; at most ${LABEL_MAX_LENGTH} are allowed.`,
      hint: 'Shorten the label.',
    });
  return violations;
}
