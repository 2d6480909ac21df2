import { resolvePointer } from './json-pointer.ts';

export interface RefCycle {
  /** JSON pointer of the first schema on the cycle. */
  pointer: string;
  /** The $refs along the cycle, in order, e.g. ["#/definitions/A", "#/definitions/B"]. */
  refs: string[];
}

// Keywords whose members describe the same value as their holder: a loop through them alone never
// reaches a property or an item, so the schema defines nothing and JSON Schema tools (ajv, the
// designer) recurse into it forever. Recursion through properties or items is a tree: fine.
const SAME_VALUE_LISTS = ['allOf', 'anyOf', 'oneOf'];

/**
 * Every $ref cycle in a document that never passes through properties, items or
 * additionalProperties (A → B → A, A → A, allOf to itself), each once. Linear in the size of the
 * document: one iterative pass to index objects, one iterative depth-first search. A caller that
 * has already listed every object of the document (the validator's index) passes them, sparing
 * the first pass.
 */
export function refCycles(document: unknown, everyObject?: readonly object[]): RefCycle[] {
  const objects = everyObject ? everyObject.filter(mayLead) : objectsOf(document);
  const edges = (node: object): object[] => {
    const record = node as Record<string, unknown>;
    const next: unknown[] = [];
    if (typeof record.$ref === 'string' && record.$ref.startsWith('#'))
      next.push(resolvePointer(document, record.$ref.slice(1), { fromUriFragment: true }));
    for (const key of SAME_VALUE_LISTS) if (Array.isArray(record[key])) next.push(...(record[key] as unknown[]));
    next.push(record.not);
    return next.filter((item): item is object => item !== null && typeof item === 'object' && !Array.isArray(item));
  };

  const state = new Map<object, 'open' | 'done'>();
  const found: Array<{ first: object; refs: string[] }> = [];
  for (const start of objects) {
    if (state.has(start)) continue;
    const path: object[] = [start];
    const pending: Array<object[]> = [edges(start)];
    state.set(start, 'open');
    while (path.length > 0) {
      const next = pending.at(-1)!.pop();
      if (next === undefined) {
        state.set(path.pop()!, 'done');
        pending.pop();
        continue;
      }
      const seen = state.get(next);
      if (seen === 'open') {
        const loop = path.slice(path.indexOf(next));
        const refs = loop
          .map((node) => (node as { $ref?: unknown }).$ref)
          .filter((ref): ref is string => typeof ref === 'string');
        found.push({ first: loop[0]!, refs });
        continue;
      }
      if (seen === 'done') continue;
      state.set(next, 'open');
      path.push(next);
      pending.push(edges(next));
    }
  }
  if (found.length === 0) return [];
  const pointers = indexObjects(document);
  return found.map(({ first, refs }) => ({ pointer: pointers.get(first) ?? '', refs }));
}

/** How a cycle reads in a message: "#/definitions/A → #/definitions/B → #/definitions/A". */
export function describeCycle(cycle: RefCycle): string {
  return cycle.refs.length === 0 ? 'a schema that contains itself' : [...cycle.refs, cycle.refs[0]].join(' → ');
}

/** An object that can lead to another one on a cycle: through a $ref, allOf, anyOf, oneOf or not. */
function mayLead(value: object): boolean {
  const record = value as Record<string, unknown>;
  if (typeof record.$ref === 'string' || (record.not !== null && typeof record.not === 'object')) return true;
  // A loop, not some(): this runs for every object of a definition, and a callback each time adds up.
  for (const key of SAME_VALUE_LISTS) if (Array.isArray(record[key])) return true;
  return false;
}

/**
 * Every object of the document that can lead to another (a search started anywhere else ends at
 * once), in the order indexObjects meets them; its pointers would cost a string for every object.
 */
function objectsOf(document: unknown): Set<object> {
  const objects = new Set<object>();
  const seen = new Set<object>();
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (!Array.isArray(value) && mayLead(value)) objects.add(value);
    for (const child of Object.values(value)) if (child !== null && typeof child === 'object') pending.push(child);
  }
  return objects;
}

function indexObjects(document: unknown): Map<object, string> {
  const pointers = new Map<object, string>();
  const pending: Array<[unknown, string]> = [[document, '']];
  while (pending.length > 0) {
    const [value, at] = pending.pop()!;
    if (value === null || typeof value !== 'object' || pointers.has(value)) continue;
    if (!Array.isArray(value)) pointers.set(value, at);
    for (const [key, child] of Object.entries(value)) {
      if (child !== null && typeof child === 'object')
        pending.push([child, `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
    }
  }
  return pointers;
}
