/**
 * What SW1 settles itself before its spec checks run (spec-checks.ts): the departures from Swagger
 * 2.0 that Power Platform accepts (found in the structure, reported as warnings and counted as
 * repaired by the spec checks, so whatever they still report is an error), and $ref chains too
 * long for tools that follow each reference by recursion.
 */
import { definitionIndex, type SchemaNode } from '../../engine/definition-index.ts';
import { isObject } from '../../../shared/json.ts';
import type { ValidationContext, Violation } from '../../types.ts';
import type { Repairs } from './spec-checks.ts';

/**
 * References nested deeper than this stop the spec checks: tools that expand them by recursion
 * (swagger-parser, Microsoft's validator) end in a stack overflow. Certified connectors nest at most 9.
 */
export const MAX_REF_NESTING = 64;

const FORM_TYPES = [/^multipart\/(.*\+)?form-data/, /^application\/(.*\+)?x-www-form-urlencoded/];

/**
 * Departures certified connectors have and the platform accepts: a file parameter without a form
 * media type (2 certified connectors), a required name without its property (1). Each is reported
 * as a warning and listed in the repairs the spec checks read the definition with.
 */
export function acceptedDepartures(context: ValidationContext): { warnings: Violation[]; repairs: Repairs } {
  const definition = context.definition!;
  const warnings: Violation[] = [];
  const repairs: Repairs = { formConsumers: new Set(), required: new Map() };
  for (const entry of context.operations) {
    if (!entry.parameters.some(({ parameter }) => parameter.type === 'file')) continue;
    const own = Array.isArray(entry.operation.consumes) ? entry.operation.consumes : undefined;
    const consumes = own ?? (Array.isArray(definition.consumes) ? definition.consumes : []);
    if (consumes.some((type) => typeof type === 'string' && FORM_TYPES.some((form) => form.test(type)))) continue;
    warnings.push({
      severity: 'warning',
      location: entry.pointer,
      message:
        'The operation has a file parameter but does not consume multipart/form-data; Swagger 2.0 requires it. Power Platform accepts it (certified connectors have it), but clients may send the file another way.',
      hint: 'Add "consumes": ["multipart/form-data"] to the operation.',
    });
    repairs.formConsumers.add(entry.pointer);
  }
  const index = definitionIndex(context);
  for (const node of index.schemas) {
    // The spec checks read the schemas at the top: definitions, bodies and responses, each with
    // the members beside its $ref merged into the schema it names.
    if (node.parent || !Array.isArray(node.schema.required)) continue;
    const type =
      node.schema.type ?? (node.refTarget === undefined ? undefined : index.schemaAt(node.refTarget)?.schema.type);
    if (type !== 'object') continue;
    const known = propertyNames(index, node);
    const required = node.schema.required;
    const missing = required.filter((name) => typeof name !== 'string' || !known.has(name));
    if (missing.length === 0) continue;
    for (const name of missing)
      warnings.push({
        severity: 'warning',
        location: `${node.pointer}/required/${required.indexOf(name)}`,
        message: `${JSON.stringify(name)} is listed as required but the schema has no such property. Power Platform accepts it (a certified connector has it); the requirement means nothing.`,
        hint: 'Add the property to "properties", or remove the name from "required".',
      });
    repairs.required.set(
      node.schema,
      required.filter((name) => !missing.includes(name)),
    );
  }
  return { warnings, repairs };
}

/** The property names of a schema with those of its allOf parts, through $refs, each part once. */
function propertyNames(index: ReturnType<typeof definitionIndex>, root: SchemaNode): Set<string> {
  const names = new Set<string>();
  const seen = new Set<SchemaNode>();
  const pending = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    if (isObject(node.schema.properties)) for (const name of Object.keys(node.schema.properties)) names.add(name);
    const target = node.refTarget === undefined ? undefined : index.schemaAt(node.refTarget);
    if (target) pending.push(target);
    if (Array.isArray(node.schema.allOf))
      node.schema.allOf.forEach((_part, position) => {
        const part = index.schemaAt(`${node.pointer}/allOf/${position}`);
        if (part) pending.push(part);
      });
  }
  return names;
}

/**
 * The longest chain of nested $refs, as schemas reach others through their parts: its length and
 * the schemas on it. Iterative (a depth-first walk with its own stack); a cycle counts once.
 */
export function longestRefChain(context: ValidationContext): { length: number; chain: string[] } {
  const index = definitionIndex(context);
  // Each schema's top (a definition, body or response schema); parents come before their parts.
  const top = new Map<SchemaNode, string>();
  for (const node of index.schemas) top.set(node, node.parent ? top.get(node.parent)! : node.pointer);
  const edges = new Map<string, string[]>();
  for (const node of index.schemas) {
    const target = node.refTarget === undefined ? undefined : index.schemaAt(node.refTarget);
    if (!target) continue;
    const from = top.get(node)!;
    const list = edges.get(from);
    if (list) list.push(top.get(target)!);
    else edges.set(from, [top.get(target)!]);
  }
  const depth = new Map<string, number>();
  const next = new Map<string, string>();
  const onStack = new Set<string>();
  for (const start of edges.keys()) {
    if (depth.has(start)) continue;
    const stack: Array<{ at: string; child: number }> = [{ at: start, child: 0 }];
    onStack.add(start);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const out = edges.get(frame.at) ?? [];
      if (frame.child < out.length) {
        const child = out[frame.child++]!;
        if (!depth.has(child) && !onStack.has(child)) {
          onStack.add(child);
          stack.push({ at: child, child: 0 });
        }
        continue;
      }
      let best = 0;
      for (const child of out) {
        const below = depth.get(child);
        if (below !== undefined && below + 1 > best) {
          best = below + 1;
          next.set(frame.at, child);
        }
      }
      depth.set(frame.at, best);
      onStack.delete(frame.at);
      stack.pop();
    }
  }
  let start: string | undefined;
  for (const [at, length] of depth) if (start === undefined || length > depth.get(start)!) start = at;
  const chain: string[] = [];
  for (let at = start; at !== undefined && chain.length <= MAX_REF_NESTING + 1; at = next.get(at)) chain.push(at);
  return { length: start === undefined ? 0 : depth.get(start)!, chain };
}
