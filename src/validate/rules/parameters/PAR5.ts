import { CONNECTOR_FILES, type OperationEntry } from '../../../connector-folder/index.ts';
import { isObject, type JsonObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type ValidationContext, type Violation } from '../../types.ts';

/** The extensions that call another operation with values taken from this one's inputs. */
const DYNAMIC_EXTENSIONS = [
  'x-ms-dynamic-values',
  'x-ms-dynamic-schema',
  'x-ms-dynamic-list',
  'x-ms-dynamic-properties',
  'x-ms-dynamic-tree',
];

/** Longest chain of $refs followed from one property to the next. */
const MAX_HOPS = 32;

/** The operation whose part sits at `at` ("/paths/~1x/get/…" → that operation), if any. */
function operationAt(byPointer: Map<string, OperationEntry>, at: string): OperationEntry | undefined {
  const segments = at.split('/');
  return segments[1] === 'paths' && segments.length >= 4 ? byPointer.get(segments.slice(0, 4).join('/')) : undefined;
}

/** Each { parameter } or { parameterReference } of a dynamic extension's parameter map(s), with its pointer. */
function references(value: JsonObject, at: string): Array<{ ref: string; at: string }> {
  const maps: Array<[unknown, string]> = [[value.parameters, `${at}/parameters`]];
  // x-ms-dynamic-tree holds its calls under "open" and "browse".
  for (const part of ['open', 'browse'])
    if (isObject(value[part])) maps.push([value[part].parameters, `${at}/${part}/parameters`]);
  const found: Array<{ ref: string; at: string }> = [];
  for (const [map, mapAt] of maps) {
    if (!isObject(map)) continue;
    for (const [name, entry] of Object.entries(map)) {
      if (!isObject(entry)) continue;
      const ref = typeof entry.parameter === 'string' ? entry.parameter : entry.parameterReference;
      if (typeof ref === 'string' && ref !== '') found.push({ ref, at: mapAt + pointer(name) });
    }
  }
  return found;
}

const internal = (holder: unknown): boolean => isObject(holder) && holder['x-ms-visibility'] === 'internal';

/** Whether the input `ref` names (a parameter, or "parameter/property/…" into a body) is internal, or a parent of it is. */
function hiddenInput(context: ValidationContext, operation: OperationEntry, ref: string): boolean {
  const segments = ref.split('/');
  const parameters = operation.parameters.map(({ parameter }) => parameter);
  let path = segments;
  let parameter = parameters.find((candidate) => candidate.name === segments[0]);
  if (parameter) path = segments.slice(1);
  else parameter = parameters.find((candidate) => candidate.in === 'body');
  if (!parameter) return false;
  if (internal(parameter)) return true;
  let schema: unknown = parameter.schema;
  for (const name of path) {
    for (let hops = 0; isObject(schema) && typeof schema.$ref === 'string' && hops < MAX_HOPS; hops++)
      schema = context.resolveRef(schema.$ref);
    if (!isObject(schema) || !isObject(schema.properties)) return false;
    schema = schema.properties[name];
    if (internal(schema)) return true;
  }
  return false;
}

export default defineRule({
  id: 'PAR5',
  msCode: 'SourcePropertyInternal',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description:
    'A dynamic extension (x-ms-dynamic-values, -schema, -list, -properties, -tree) takes its arguments from inputs makers can see, not from internal ones.',
  evidence: 'flags 1 of 618 certified connectors (a list filled from an internal Content-Type): guidance',
  notes:
    'Extensions written under #/parameters or #/definitions are not checked: which operation they serve depends on where they are used.',
  check(context) {
    if (!context.definition) return [];
    const index = definitionIndex(context);
    const byPointer = new Map(index.operations.map((entry) => [entry.pointer, entry]));
    const violations: Violation[] = [];
    for (const name of DYNAMIC_EXTENSIONS) {
      for (const extension of index.extensionsNamed(name)) {
        if (!isObject(extension.value)) continue;
        const operation = operationAt(byPointer, extension.holderPointer);
        if (!operation) continue;
        for (const { ref, at } of references(extension.value, extension.pointer)) {
          if (!hiddenInput(context, operation, ref)) continue;
          const id =
            typeof operation.operation.operationId === 'string' ? operation.operation.operationId : operation.pointer;
          violations.push({
            location: at,
            message: `${name} passes the input "${ref}" of ${id}, which is internal (or inside an internal input): makers cannot set it, so the list they pick from may never fill.`,
            hint: 'Make that input visible, or pass a fixed value ({ "value": … }) instead of the reference.',
          });
        }
      }
    }
    return violations;
  },
});
