import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject, type JsonObject } from '../../../shared/json.ts';
import { resolvePointer } from '../../../shared/json-pointer.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

type Kind = 'parameter' | 'response' | 'schema';

const SECTION: Record<Kind, { prefix: string; code: string }> = {
  parameter: { prefix: '#/parameters/', code: 'ParameterReferenceNotValid' },
  response: { prefix: '#/responses/', code: 'ResponseReferenceNotValid' },
  schema: { prefix: '#/definitions/', code: 'SchemaReferenceNotValid' },
};

/** A local reference's fragment is a JSON pointer: empty, or "/"-separated with "~" only as "~0" or "~1". */
function isPointerFragment(ref: string): boolean {
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return false;
  }
  return (fragment === '' || fragment.startsWith('/')) && !/~(?![01])/.test(fragment);
}

function judgeRef(ref: unknown, at: string, kind: Kind): Violation[] {
  // Only local references; SW2 reports the others.
  if (typeof ref !== 'string' || !ref.startsWith('#')) return [];
  if (!isPointerFragment(ref))
    return [
      {
        msCode: 'JsonPointerNotValid',
        location: `${at}/$ref`,
        message: `The reference "${ref}" is not a valid JSON pointer.`,
        hint: `Write it as "${SECTION[kind].prefix}Name": "#", then "/" before each step; escape "~" as "~0" and "/" as "~1".`,
      },
    ];
  const { prefix, code } = SECTION[kind];
  if (ref.startsWith(prefix) && ref.length > prefix.length) return [];
  return [
    {
      msCode: code,
      location: `${at}/$ref`,
      message: `The ${kind} reference "${ref}" does not point into "${prefix.slice(2, -1)}"; the platform looks ${kind}s up there only.`,
      hint: `Move the ${kind} under "${prefix.slice(2, -1)}" and refer to it as "${prefix}Name".`,
    },
  ];
}

export default defineRule({
  id: 'PAR3',
  msCode: ['ParameterReferenceNotValid', 'ResponseReferenceNotValid', 'SchemaReferenceNotValid', 'JsonPointerNotValid'],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'A parameter "$ref" points into #/parameters, a response "$ref" into #/responses, a schema "$ref" into #/definitions, each as a valid JSON pointer.',
  evidence: 'the platform resolves each kind of reference in its own section; flags 0 of 618 certified connectors',
  check(context) {
    const definition = context.definition;
    if (!definition) return [];
    const index = definitionIndex(context);
    const violations: Violation[] = [];
    const heldAt = (at: string) => {
      const holder = resolvePointer(definition, at);
      return isObject(holder) ? holder.$ref : undefined;
    };
    for (const entry of index.operations) {
      for (const { pointer: at, definedAt } of entry.parameters)
        if (at !== definedAt) violations.push(...judgeRef(heldAt(at), at, 'parameter'));
      for (const { ref, pointer: at } of entry.brokenParameterRefs) violations.push(...judgeRef(ref, at, 'parameter'));
    }
    for (const { code, pointer: at, operation } of index.responses) {
      if (!operation) continue;
      // Where it is written: the operation's own responses, read directly rather than through its pointer.
      const written = (operation.operation.responses as JsonObject)[code];
      violations.push(...judgeRef(isObject(written) ? written.$ref : undefined, at, 'response'));
    }
    for (const node of index.schemas) violations.push(...judgeRef(node.schema.$ref, node.pointer, 'schema'));
    return violations;
  },
});
