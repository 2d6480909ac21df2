/**
 * A definition's operations as Power Platform sees them: every method of every path, each with
 * its effective parameters (local $refs resolved, path-level parameters that the operation does
 * not redefine by name and location merged in). Works on any parsed JSON, valid or not: what is
 * not an object is skipped, so the validator can report it and the runtime can refuse it.
 */
import { isObject, type JsonObject } from '../shared/json.ts';
import { pointer, resolvePointer } from '../shared/json-pointer.ts';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface ParameterEntry {
  /** Pointer to where the parameter is written: the $ref's holder when it came through one. */
  pointer: string;
  /** Pointer to where the parameter is defined: the $ref's target, else the same as `pointer`. */
  definedAt: string;
  parameter: JsonObject;
}

export interface ResponseEntry {
  /** "200", "default", …: the key under responses. */
  code: string;
  pointer: string;
  /** Where the response is defined: the $ref's target, else the same as `pointer`. */
  definedAt: string;
  /** The response, through its $ref when it has one; an empty object when it is not one or the $ref leads nowhere. */
  response: JsonObject;
}

export interface OperationEntry {
  path: string;
  method: HttpMethod;
  pointer: string;
  operation: JsonObject;
  /** Path-level parameters first (unless redefined), then the operation's own. */
  parameters: ParameterEntry[];
  /** Parameter $refs that lead to no object; those parameters are left out of `parameters`. */
  brokenParameterRefs: Array<{ ref: string; pointer: string }>;
  /** In the order written. */
  responses: ResponseEntry[];
}

/** Resolves a local "#/…" reference inside the definition; undefined when it is not local or leads nowhere. */
export function resolveLocalRef(definition: unknown, ref: string): unknown {
  return ref.startsWith('#') ? resolvePointer(definition, ref.slice(1), { fromUriFragment: true }) : undefined;
}

/** A chain of $refs longer than this (a cycle, say) leads nowhere. */
export const MAX_REF_HOPS = 32;

/**
 * Follows local $refs from `node` found at `at` (a chain of them too) to the object they lead to,
 * and says where that object is; undefined when they lead nowhere, out of the file, to something
 * that is not an object, or round in a cycle.
 */
export function dereference(
  definition: unknown,
  node: unknown,
  at: string,
): { node: JsonObject; pointer: string } | undefined {
  let current = node;
  let where = at;
  for (let hop = 0; isObject(current) && typeof current.$ref === 'string'; hop++) {
    if (hop === MAX_REF_HOPS || !current.$ref.startsWith('#')) return undefined;
    where = refPointer(current.$ref);
    current = resolveLocalRef(definition, current.$ref);
  }
  return isObject(current) ? { node: current, pointer: where } : undefined;
}

/** The JSON pointer a local $ref names ("#/parameters/user%20id" → "/parameters/user id"). */
function refPointer(ref: string): string {
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}

export function listOperations(definition: unknown): OperationEntry[] {
  const operations: OperationEntry[] = [];
  if (!isObject(definition) || !isObject(definition.paths)) return operations;
  for (const [routePath, item] of Object.entries(definition.paths)) {
    if (!isObject(item)) continue;
    const brokenShared: OperationEntry['brokenParameterRefs'] = [];
    const shared = parameterList(definition, item.parameters, pointer('paths', routePath), brokenShared);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      const at = pointer('paths', routePath, method);
      const brokenParameterRefs = [...brokenShared];
      const own = parameterList(definition, operation.parameters, at, brokenParameterRefs);
      const ownKeys = new Set(own.map(parameterKey));
      const parameters = [...shared.filter((entry) => !ownKeys.has(parameterKey(entry))), ...own];
      const responses = responseList(definition, operation.responses, at);
      operations.push({ path: routePath, method, pointer: at, operation, parameters, brokenParameterRefs, responses });
    }
  }
  return operations;
}

/** Every parameter of every operation, with its operation: the walk the validator's rules share. */
export function allParameters(
  operations: readonly OperationEntry[],
): Array<ParameterEntry & { entry: OperationEntry }> {
  // Written out, not spread: one object shape for every entry, which the validator's rules read in bulk.
  return operations.flatMap((entry) =>
    entry.parameters.map(({ pointer: at, definedAt, parameter }) => ({ pointer: at, definedAt, parameter, entry })),
  );
}

/** A parameter is identified by its name and location ("in"). */
function parameterKey({ parameter }: ParameterEntry): string {
  return `${String(parameter.in)}:${String(parameter.name)}`;
}

function parameterList(
  definition: JsonObject,
  list: unknown,
  base: string,
  brokenRefs: OperationEntry['brokenParameterRefs'],
): ParameterEntry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index): ParameterEntry[] => {
    const at = `${base}/parameters/${index}`;
    const found = dereference(definition, item, at);
    if (found) return [{ pointer: at, definedAt: found.pointer, parameter: found.node }];
    if (isObject(item) && typeof item.$ref === 'string') brokenRefs.push({ ref: item.$ref, pointer: at });
    return [];
  });
}

function responseList(definition: JsonObject, responses: unknown, base: string): ResponseEntry[] {
  if (!isObject(responses)) return [];
  return Object.entries(responses).map(([code, response]) => {
    const at = `${base}/responses${pointer(code)}`;
    const found = dereference(definition, response, at);
    return { code, pointer: at, definedAt: found?.pointer ?? at, response: found?.node ?? {} };
  });
}
