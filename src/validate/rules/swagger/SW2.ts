import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { forEachObject } from '../../../shared/json.ts';

/** Every "$ref" in the definition with the pointer of its holder. */
export function referencesIn(value: unknown): Array<{ location: string; ref: unknown }> {
  const references: Array<{ location: string; ref: unknown }> = [];
  forEachObject(value, (object, at) => {
    if (Object.hasOwn(object, '$ref')) references.push({ location: `${at}/$ref`, ref: object.$ref });
  });
  return references;
}

/** The catalog names an unresolved reference by what it points into. */
function notFoundCode(ref: string): string | undefined {
  if (ref.startsWith('#/definitions/')) return 'SchemaReferenceNotFound';
  if (ref.startsWith('#/parameters/')) return 'ParameterReferenceNotFound';
  if (ref.startsWith('#/responses/')) return 'ResponseReferenceNotFound';
  return undefined;
}

export function brokenReferences(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  return referencesIn(context.definition).flatMap(({ location, ref }): Violation[] => {
    if (typeof ref !== 'string' || !ref.startsWith('#/')) {
      return [
        {
          location,
          message: `$ref ${JSON.stringify(ref)} points outside this file; a connector definition must be self-contained.`,
          hint: 'Move the referenced schema under #/definitions (or #/parameters, #/responses) and point to it with "#/…".',
        },
      ];
    }
    return context.resolveRef(ref) === undefined
      ? [
          {
            msCode: notFoundCode(ref),
            location,
            message: `$ref "${ref}" does not resolve: nothing exists at that place in the file.`,
            hint: 'Fix the spelling of the reference or add the missing definition it names.',
          },
        ]
      : [];
  });
}

export default defineRule({
  id: 'SW2',
  msCode: ['SchemaReferenceNotFound', 'ParameterReferenceNotFound', 'ResponseReferenceNotFound'],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Every $ref is local ("#/…") and resolves inside the file.',
  evidence:
    'a connector definition is uploaded alone, so nothing outside it can resolve; flags 0 of 618 certified connectors',
  check: brokenReferences,
});
