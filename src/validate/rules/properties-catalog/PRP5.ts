import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { pointer, resolvePointer } from '../../../shared/json-pointer.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

/** Members other than "$ref" and "x-" extensions: a reader following the $ref ignores them. */
const siblings = (holder: Record<string, unknown>): string[] =>
  Object.keys(holder).filter((member) => member !== '$ref' && !member.startsWith('x-'));

export default defineRule({
  id: 'PRP5',
  msCode: 'AdditionalPropertyNotAllowedAdjacentToRef',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    'An object with "$ref" has no other members (besides "x-" extensions): whatever sits beside it is ignored.',
  evidence: 'flags 24 of 618 certified connectors (mostly a description beside a schema $ref): guidance',
  check(context) {
    const definition = context.definition;
    if (!definition) return [];
    const index = definitionIndex(context);
    const violations: Violation[] = [];
    const judge = (holder: unknown, at: string, what: string) => {
      if (!isObject(holder) || typeof holder.$ref !== 'string') return;
      const extra = siblings(holder);
      if (extra.length === 0) return;
      violations.push({
        location: at + pointer(extra[0]!),
        message: `A ${what} "$ref" has ${extra.map((member) => `"${member}"`).join(', ')} beside it, which the platform ignores: it uses only what "${holder.$ref}" defines.`,
        hint: `Move ${extra.length === 1 ? 'it' : 'them'} into the definition the "$ref" names, or remove ${extra.length === 1 ? 'it' : 'them'}.`,
      });
    };
    for (const entry of index.operations) {
      for (const { pointer: at, definedAt } of entry.parameters)
        if (at !== definedAt) judge(resolvePointer(definition, at), at, 'parameter');
      for (const { pointer: at, definedAt } of entry.responses)
        if (at !== definedAt) judge(resolvePointer(definition, at), at, 'response');
    }
    for (const { schema, pointer: at } of index.schemas) judge(schema, at, 'schema');
    return violations;
  },
});
