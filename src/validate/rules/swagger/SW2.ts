import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';

/** Every "$ref" in the definition with the pointer of its holder. */
function referencesIn(context: ValidationContext): Array<{ location: string; ref: unknown }> {
  return definitionIndex(context)
    .objects.filter(({ object }) => Object.hasOwn(object, '$ref'))
    .map(({ object, pointer: at }) => ({ location: `${at}/$ref`, ref: object.$ref }));
}

/** The catalog names an unresolved reference by what it points into. */
function notFoundCode(ref: string): string | undefined {
  if (ref.startsWith('#/definitions/')) return 'SchemaReferenceNotFound';
  if (ref.startsWith('#/parameters/')) return 'ParameterReferenceNotFound';
  if (ref.startsWith('#/responses/')) return 'ResponseReferenceNotFound';
  return undefined;
}

const found = new WeakMap<ValidationContext, Violation[]>();

/** The definition's $refs that lead nowhere or out of the file (SW1 reads them too: once per folder). */
export function brokenReferences(context: ValidationContext): Violation[] {
  let broken = found.get(context);
  if (!broken) {
    broken = context.definition ? referenceProblems(context) : [];
    found.set(context, broken);
  }
  return broken;
}

function referenceProblems(context: ValidationContext): Violation[] {
  return referencesIn(context).flatMap(({ location, ref }): Violation[] => {
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
