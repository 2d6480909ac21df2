/**
 * The definition as the rules read it, indexed once per folder: operations, parameters, responses,
 * every schema object with its role, and where each vendor extension sits. Rules read this index
 * instead of walking the file themselves (ESLint's engine owns traversal the same way).
 *
 * Hostile input stays bounded: every walk is iterative (a pending list, no recursion), each object
 * is indexed once at the pointer where it is written, and a $ref is an edge to the schema it names,
 * never a second walk of it, so the work is linear in the size of the file (itself capped at 4 MiB
 * and 128 levels of nesting when it is read).
 */
import { allParameters, type OperationEntry, type ParameterEntry } from '../../connector-folder/index.ts';
import { isObject, type JsonObject } from '../../shared/json.ts';
import { pointer, resolvePointer } from '../../shared/json-pointer.ts';
import type { ValidationContext } from '../types.ts';

/**
 * What a schema object is to its holder: a body parameter's or a response's schema, a named
 * definition, or a part of another schema. A $ref target reached from no definition is 'definition'.
 */
export type SchemaRole = 'body' | 'response' | 'definition' | 'property' | 'items' | 'allOf' | 'additionalProperties';

export interface SchemaNode {
  pointer: string;
  schema: JsonObject;
  role: SchemaRole;
  /** The schema that holds this one (absent for body, response and definition roots). */
  parent?: SchemaNode;
  /** A property's name (role 'property'). */
  name?: string;
  /** Listed in the parent's "required" (role 'property'). */
  required: boolean;
  /** Where the schema is used, through $refs too: in a request (input), in a response (output). */
  input: boolean;
  output: boolean;
  /** The operation of a body or response root, when it was reached from one. */
  operation?: OperationEntry;
  /** The JSON pointer a "$ref" of this schema leads to (decoded), when it has one. */
  refTarget?: string;
}

export interface ParameterNode extends ParameterEntry {
  /** The operation it belongs to; absent for an entry of #/parameters. */
  operation?: OperationEntry;
}

export interface ResponseNode {
  code: string;
  pointer: string;
  definedAt: string;
  response: JsonObject;
  /** Absent for an entry of #/responses. */
  operation?: OperationEntry;
}

export interface ExtensionNode {
  /** "x-ms-summary", … */
  name: string;
  value: unknown;
  /** Pointer to the value. */
  pointer: string;
  holder: JsonObject;
  holderPointer: string;
}

export interface ObjectNode {
  object: JsonObject;
  pointer: string;
}

/**
 * Something that carries JSON Schema validation keywords (type, format, enum, minLength, …): a
 * schema object, a non-body parameter, the items of one, or a response header.
 */
export interface TypedNode {
  pointer: string;
  value: JsonObject;
  kind: 'schema' | 'parameter' | 'parameter-items' | 'header';
  schema?: SchemaNode;
}

/**
 * The schema and the places that hold it, up to the roots: its parents, and past a definition the
 * schemas that refer to it, each visited once (a cycle of $refs ends the walk).
 */
export function ancestorsOf(index: DefinitionIndex, node: SchemaNode): SchemaNode[] {
  const found: SchemaNode[] = [];
  const seen = new Set<SchemaNode>();
  const pending = [node];
  while (pending.length > 0) {
    const current = pending.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    found.push(current);
    if (current.parent) pending.push(current.parent);
    else pending.push(...index.referrers(current.pointer));
  }
  return found;
}

export interface DefinitionIndex {
  operations: readonly OperationEntry[];
  /** Every effective parameter of every operation, then each entry of #/parameters. */
  parameters: readonly ParameterNode[];
  responses: readonly ResponseNode[];
  /** Every schema object once, parents before their parts. */
  schemas: readonly SchemaNode[];
  typed: readonly TypedNode[];
  /** Every object anywhere in the definition (arrays passed through) with its pointer, parents first, in document order. */
  objects: readonly ObjectNode[];
  /** Every "x-…" member anywhere in the definition, in document order. */
  extensions: readonly ExtensionNode[];
  extensionsNamed(name: string): readonly ExtensionNode[];
  schemaAt(at: string): SchemaNode | undefined;
  /** The schemas whose "$ref" leads to the schema at `at`. */
  referrers(at: string): readonly SchemaNode[];
  /** The body parameter whose schema is the body root at `at`. */
  bodyParameterOf(at: string): ParameterNode | undefined;
}

const cache = new WeakMap<ValidationContext, DefinitionIndex>();

/** The index of the folder's definition, built on first use and shared by every rule of the run. */
export function definitionIndex(context: ValidationContext): DefinitionIndex {
  let index = cache.get(context);
  if (!index) {
    index = buildIndex(context);
    cache.set(context, index);
  }
  return index;
}

/** The JSON pointer a local $ref names ("#/definitions/a%20b" → "/definitions/a b"); undefined when not local. */
function refPointer(ref: unknown): string | undefined {
  if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
  try {
    return decodeURIComponent(ref.slice(1));
  } catch {
    return ref.slice(1);
  }
}

function buildIndex(context: ValidationContext): DefinitionIndex {
  const { definition, operations } = context;
  const parameters = indexParameters(definition, operations);
  const responses = indexResponses(definition, operations);
  const walk = new SchemaWalk(definition);
  walk.addRoots(parameters, responses);
  walk.run();
  const { schemas, byPointer, refEdges } = walk;
  const referrers = flowUses(schemas, byPointer, refEdges);
  const { objects, extensions } = objectsIn(definition);
  const named = groupBy(extensions, (extension) => extension.name);
  return {
    operations,
    parameters,
    responses,
    schemas,
    typed: typedNodes(schemas, parameters, responses),
    objects,
    extensions,
    extensionsNamed: (name) => named.get(name) ?? [],
    schemaAt: (at) => byPointer.get(at),
    referrers: (at) => referrers.get(at) ?? [],
    bodyParameterOf: (at) => parameters.find(({ definedAt }) => `${definedAt}/schema` === at),
  };
}

/** Every effective parameter of every operation, then each entry of #/parameters. */
function indexParameters(definition: JsonObject | undefined, operations: readonly OperationEntry[]): ParameterNode[] {
  const parameters: ParameterNode[] = allParameters(operations).map(({ pointer: at, definedAt, parameter, entry }) => ({
    pointer: at,
    definedAt,
    parameter,
    operation: entry,
  }));
  if (isObject(definition?.parameters)) {
    for (const [name, parameter] of Object.entries(definition.parameters)) {
      const at = pointer('parameters', name);
      if (isObject(parameter)) parameters.push({ pointer: at, definedAt: at, parameter, operation: undefined });
    }
  }
  return parameters;
}

/** Every response of every operation, then each entry of #/responses. */
function indexResponses(definition: JsonObject | undefined, operations: readonly OperationEntry[]): ResponseNode[] {
  const responses: ResponseNode[] = [];
  for (const operation of operations)
    for (const { code, pointer: at, definedAt, response } of operation.responses)
      responses.push({ code, pointer: at, definedAt, response, operation });
  if (isObject(definition?.responses)) {
    for (const [code, response] of Object.entries(definition.responses)) {
      const at = pointer('responses', code);
      if (isObject(response)) responses.push({ code, pointer: at, definedAt: at, response, operation: undefined });
    }
  }
  return responses;
}

type NewSchemaNode = Omit<SchemaNode, 'required' | 'input' | 'output'> & Partial<SchemaNode>;

/**
 * The iterative walk of every schema object: from the roots (definitions, bodies, responses) to
 * their parts, each indexed once at the pointer where it is written; a $ref is an edge to its
 * target, recorded for after the walk.
 */
class SchemaWalk {
  readonly schemas: SchemaNode[] = [];
  readonly byPointer = new Map<string, SchemaNode>();
  readonly refEdges: Array<[SchemaNode, string]> = [];
  // A queue read from `next` on: shift() would make the walk quadratic.
  private readonly pending: SchemaNode[] = [];
  private next = 0;
  private checkedEdges = 0;

  constructor(private readonly definition: JsonObject | undefined) {}

  add(node: NewSchemaNode): void {
    const existing = this.byPointer.get(node.pointer);
    if (existing) {
      // A shared parameter or response reached from several operations: one node, all its uses.
      existing.input ||= node.input ?? false;
      existing.output ||= node.output ?? false;
      return;
    }
    // Every node gets the same fields in the same order: the rules read them through one object shape.
    const full: SchemaNode = {
      pointer: node.pointer,
      schema: node.schema,
      role: node.role,
      parent: node.parent,
      name: node.name,
      required: node.required ?? false,
      input: node.input ?? false,
      output: node.output ?? false,
      operation: node.operation,
      refTarget: undefined,
    };
    this.byPointer.set(full.pointer, full);
    this.pending.push(full);
  }

  /** Definitions first, so a $ref target keeps its role 'definition' whoever reaches it. */
  addRoots(parameters: readonly ParameterNode[], responses: readonly ResponseNode[]): void {
    const definitions = this.definition?.definitions;
    if (isObject(definitions)) {
      for (const [name, schema] of Object.entries(definitions)) {
        if (isObject(schema)) this.add({ pointer: pointer('definitions', name), schema, role: 'definition', name });
      }
    }
    for (const { parameter, definedAt, operation } of parameters) {
      if (parameter.in === 'body' && isObject(parameter.schema))
        this.add({ pointer: `${definedAt}/schema`, schema: parameter.schema, role: 'body', operation, input: true });
    }
    for (const { response, definedAt, operation } of responses) {
      if (isObject(response.schema))
        this.add({
          pointer: `${definedAt}/schema`,
          schema: response.schema,
          role: 'response',
          operation,
          output: true,
        });
    }
  }

  run(): void {
    while (this.next < this.pending.length) {
      const node = this.pending[this.next++]!;
      this.schemas.push(node);
      const target = refPointer(node.schema.$ref);
      if (target !== undefined) {
        node.refTarget = target;
        this.refEdges.push([node, target]);
      }
      this.addParts(node);
      this.addUnreachedTargets();
    }
  }

  private addParts(node: SchemaNode): void {
    const { schema, pointer: at } = node;
    if (isObject(schema.properties)) {
      const required = Array.isArray(schema.required) ? schema.required : [];
      for (const [name, property] of Object.entries(schema.properties)) {
        if (isObject(property))
          this.add({
            pointer: `${at}/properties${pointer(name)}`,
            schema: property,
            role: 'property',
            parent: node,
            name,
            required: required.includes(name),
          });
      }
    }
    const part = (value: unknown, where: string, role: SchemaRole) => {
      if (isObject(value)) this.add({ pointer: `${at}/${where}`, schema: value, role, parent: node });
    };
    if (Array.isArray(schema.items)) schema.items.forEach((item, position) => part(item, `items/${position}`, 'items'));
    else part(schema.items, 'items', 'items');
    if (Array.isArray(schema.allOf)) schema.allOf.forEach((item, position) => part(item, `allOf/${position}`, 'allOf'));
    part(schema.additionalProperties, 'additionalProperties', 'additionalProperties');
  }

  /**
   * When the walk runs dry, a $ref into a place no root reaches (a schema inside a path, say) is
   * indexed there once. Each edge is looked at once (from `checkedEdges` on): linear too.
   */
  private addUnreachedTargets(): void {
    for (; this.next === this.pending.length && this.checkedEdges < this.refEdges.length; this.checkedEdges++) {
      const targetAt = this.refEdges[this.checkedEdges]![1];
      if (this.byPointer.has(targetAt)) continue;
      const found = resolvePointer(this.definition, targetAt);
      if (isObject(found)) this.add({ pointer: targetAt, schema: found, role: 'definition' });
    }
  }
}

/**
 * Input and output flow from the roots to their parts and along $refs (a worklist, linear);
 * returns the schemas whose $ref leads to each pointer.
 */
function flowUses(
  schemas: readonly SchemaNode[],
  byPointer: ReadonlyMap<string, SchemaNode>,
  refEdges: ReadonlyArray<[SchemaNode, string]>,
): Map<string, SchemaNode[]> {
  const children = new Map<SchemaNode, SchemaNode[]>();
  const link = (from: SchemaNode, to: SchemaNode) => {
    const list = children.get(from);
    if (list) list.push(to);
    else children.set(from, [to]);
  };
  for (const node of schemas) if (node.parent) link(node.parent, node);
  for (const [node, targetAt] of refEdges) {
    const target = byPointer.get(targetAt);
    if (target) link(node, target);
  }
  for (const direction of ['input', 'output'] as const) {
    const work = schemas.filter((node) => node[direction]);
    while (work.length > 0) {
      const node = work.pop()!;
      for (const child of children.get(node) ?? []) {
        if (!child[direction]) {
          child[direction] = true;
          work.push(child);
        }
      }
    }
  }
  return groupBy(
    refEdges,
    ([, targetAt]) => targetAt,
    ([node]) => node,
  );
}

/** Whatever carries type/format/enum…: every schema, each non-body parameter once with its items, each response header once. */
function typedNodes(
  schemas: readonly SchemaNode[],
  parameters: readonly ParameterNode[],
  responses: readonly ResponseNode[],
): TypedNode[] {
  const typed: TypedNode[] = schemas.map((schema) => ({
    pointer: schema.pointer,
    value: schema.schema,
    kind: 'schema',
    schema,
  }));
  const seenParameters = new Set<string>();
  for (const { parameter, definedAt } of parameters) {
    if (parameter.in === 'body' || seenParameters.has(definedAt)) continue;
    seenParameters.add(definedAt);
    typed.push({ pointer: definedAt, value: parameter, kind: 'parameter' });
    // Items of a non-body array parameter, nested as deep as they go.
    for (let items = parameter.items, at = `${definedAt}/items`; isObject(items); items = items.items, at += '/items')
      typed.push({ pointer: at, value: items, kind: 'parameter-items' });
  }
  const seenResponses = new Set<string>();
  for (const { response, definedAt } of responses) {
    if (seenResponses.has(definedAt) || !isObject(response.headers)) continue;
    seenResponses.add(definedAt);
    for (const [name, header] of Object.entries(response.headers)) {
      if (isObject(header))
        typed.push({ pointer: `${definedAt}/headers${pointer(name)}`, value: header, kind: 'header' });
    }
  }
  return typed;
}

/** The items by key, each list in the items' order. */
function groupBy<T, K, V = T>(items: Iterable<T>, key: (item: T) => K, value?: (item: T) => V): Map<K, V[]> {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const entry = value ? value(item) : (item as unknown as V);
    const list = groups.get(key(item));
    if (list) list.push(entry);
    else groups.set(key(item), [entry]);
  }
  return groups;
}

/**
 * Every object of the definition with its pointer, and every "x-…" member, iteratively, parents
 * first, in document order: one pass over every key of the file.
 */
function objectsIn(definition: JsonObject | undefined): { objects: ObjectNode[]; extensions: ExtensionNode[] } {
  const objects: ObjectNode[] = [];
  const extensions: ExtensionNode[] = [];
  if (!definition) return { objects, extensions };
  // Two stacks side by side rather than a [value, pointer] pair per object: no allocation per step.
  const pending: object[] = [definition];
  const pendingAt: string[] = [''];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const at = pendingAt.pop()!;
    const keys = Object.keys(node);
    if (!Array.isArray(node)) {
      const object = node as JsonObject;
      objects.push({ object, pointer: at });
      for (const key of keys)
        if (key.startsWith('x-'))
          extensions.push({
            name: key,
            value: object[key],
            pointer: at + pointer(key),
            holder: object,
            holderPointer: at,
          });
    }
    for (let position = keys.length - 1; position >= 0; position--) {
      const key = keys[position]!;
      const child = (node as JsonObject)[key];
      if (child !== null && typeof child === 'object') {
        pending.push(child);
        pendingAt.push(at + pointer(key));
      }
    }
  }
  return { objects, extensions };
}
