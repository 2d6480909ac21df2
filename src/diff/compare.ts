import {
  CONNECTOR_FILES,
  dereference,
  listOperations,
  MAX_REF_HOPS,
  parameterSets,
  type OperationEntry,
} from '../connector-folder/index.ts';
import { isObject, stringValue } from '../shared/json.ts';
import { quote } from '../shared/messages.ts';
import { pointer } from '../shared/json-pointer.ts';
import { CHANGE_KINDS, SEVERITY_OF_LEVEL, type Change, type ChangeKind, type ChangeKindId } from './kinds.ts';

/** What diff compares: the parsed files of one connector folder (any folder, not only ours). */
export interface ConnectorSnapshot {
  /** Where it came from, for messages: a folder or "main:path". */
  label: string;
  definition: Record<string, unknown>;
  properties: Record<string, unknown>;
  script?: Buffer;
  icon?: Buffer;
}

const DEFINITION_FILE = CONNECTOR_FILES.definition;
const PROPERTIES_FILE = CONNECTOR_FILES.properties;
/** Deeper schemas than this are not compared (hostile input); real connectors stay far below. */
const MAX_SCHEMA_DEPTH = 64;

type Json = Record<string, unknown>;
type Located = { node: Json; pointer: string };

/** Every change from `base` to `head`, breaking ones first, each reported once per action it affects. */
export function diffConnectors(base: ConnectorSnapshot, head: ConnectorSnapshot): Change[] {
  const changes = new Changes();
  compareOperations(changes, base.definition, head.definition);
  compareEndpoint(changes, base.definition, head.definition);
  compareSecurity(changes, base.definition, head.definition);
  compareConnections(changes, base.properties, head.properties);
  compareRest(changes, base, head);
  return changes.sorted();
}

class Changes {
  private readonly byKey = new Map<string, Change>();

  add(
    kind: ChangeKindId,
    where: { operationId?: string; file?: string; base?: string; head?: string },
    message: string,
  ): void {
    const wording = (CHANGE_KINDS[kind] as ChangeKind).microsoftWording;
    const change: Change = {
      kind,
      level: CHANGE_KINDS[kind].level,
      severity: SEVERITY_OF_LEVEL[CHANGE_KINDS[kind].level],
      ...(where.operationId === undefined ? {} : { operationId: where.operationId }),
      file: where.file ?? DEFINITION_FILE,
      ...(where.base === undefined ? {} : { base: where.base }),
      ...(where.head === undefined ? {} : { head: where.head }),
      message,
      ...(wording === undefined ? {} : { microsoftWording: wording }),
    };
    // A shared definition reached twice from one action (body and response, two fields) is one change.
    const key = `${kind}|${change.operationId ?? ''}|${change.file}|${change.base ?? ''}|${change.head ?? ''}`;
    if (!this.byKey.has(key)) this.byKey.set(key, change);
  }

  sorted(): Change[] {
    const all = [...this.byKey.values()];
    return [...all.filter((c) => c.level === 'breaking'), ...all.filter((c) => c.level === 'safe')];
  }
}

// ---------------------------------------------------------------------------------------------
// Reading a Swagger document

interface Operation {
  /** The operationId, or "METHOD path" when the document gives none. */
  id: string;
  method: string;
  path: string;
  pointer: string;
  node: Json;
  entry: OperationEntry;
}

function operationsOf(definition: Json): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  for (const entry of listOperations(definition)) {
    const node = entry.operation;
    const named = typeof node.operationId === 'string' && node.operationId !== '';
    const id = named ? (node.operationId as string) : `${entry.method.toUpperCase()} ${entry.path}`;
    if (!operations.has(id))
      operations.set(id, { id, method: entry.method, path: entry.path, pointer: entry.pointer, node, entry });
  }
  return operations;
}

interface Parameter {
  name: string;
  location: string;
  pointer: string;
  node: Json;
}

/** An operation's named parameters, where each really is. */
function parametersOf(operation: Operation): Parameter[] {
  return operation.entry.parameters.flatMap((entry) => {
    const { parameter: node, definedAt: at } = entry;
    return typeof node.name === 'string' ? [{ name: node.name, location: String(node.in), pointer: at, node }] : [];
  });
}

const templateShape = (path: string) => path.replace(/\{[^}]*\}/g, '{}');
const isRequiredParameter = (node: Json) => node.required === true;
/** How makers know an input: its x-ms-summary, else its name. */
const inputName = (node: Json, name: string) =>
  typeof node['x-ms-summary'] === 'string' ? `"${node['x-ms-summary']}" (${name})` : `"${name}"`;

// ---------------------------------------------------------------------------------------------
// Actions

function compareOperations(changes: Changes, baseDoc: Json, headDoc: Json): void {
  const baseOps = operationsOf(baseDoc);
  const headOps = operationsOf(headDoc);
  const matchedHead = new Set<string>();
  for (const [id, base] of baseOps) {
    let head = headOps.get(id);
    if (head === undefined) {
      // Same method and path template under a new operationId: a rename, not a removal.
      const renamed = [...headOps.values()].find(
        (candidate) =>
          !baseOps.has(candidate.id) &&
          !matchedHead.has(candidate.id) &&
          candidate.method === base.method &&
          templateShape(candidate.path) === templateShape(base.path),
      );
      if (renamed) {
        matchedHead.add(renamed.id);
        changes.add(
          'operation-renamed',
          { operationId: id, base: base.pointer, head: renamed.pointer },
          `The operationId of "${describeOperation(base)}" changed from ${id} to ${renamed.id}; flows refer to actions by operationId, so every flow using it breaks. Keep the old operationId.`,
        );
        head = renamed;
      } else {
        changes.add(
          'operation-removed',
          { operationId: id, base: base.pointer },
          `The action ${id} ("${describeOperation(base)}") was removed; flows that use it stop working. Mark it "deprecated": true instead of deleting it, and keep it visible.`,
        );
        continue;
      }
    } else {
      matchedHead.add(id);
    }
    compareOperation(changes, baseDoc, headDoc, base, head);
  }
  for (const [id, head] of headOps) {
    if (matchedHead.has(id) || baseOps.has(id)) continue;
    changes.add(
      'operation-added',
      { operationId: id, head: head.pointer },
      `New action ${id} ("${describeOperation(head)}").`,
    );
  }
}

function describeOperation(operation: Operation): string {
  return stringValue(operation.node.summary) ?? `${operation.method.toUpperCase()} ${operation.path}`;
}

function compareOperation(changes: Changes, baseDoc: Json, headDoc: Json, base: Operation, head: Operation): void {
  const operationId = base.id;
  const where = { operationId, base: base.pointer, head: head.pointer };
  if (base.method !== head.method || templateShape(base.path) !== templateShape(head.path)) {
    changes.add(
      'operation-moved',
      where,
      `${operationId} moved from ${base.method.toUpperCase()} ${base.path} to ${head.method.toUpperCase()} ${head.path}; flows saved with it call the old request. Keep the method and path template of a published action.`,
    );
  }
  const deprecated = (node: Json) => node.deprecated === true;
  if (deprecated(base.node) !== deprecated(head.node)) {
    changes.add(
      'operation-deprecated',
      where,
      deprecated(head.node)
        ? `${operationId} is now marked deprecated; existing flows keep working and the designer steers makers away from it.`
        : `${operationId} is no longer marked deprecated.`,
    );
  }
  const hidden = (node: Json) => node['x-ms-visibility'] === 'internal';
  if (hidden(head.node) && !hidden(base.node)) {
    changes.add(
      'operation-hidden',
      where,
      `${operationId} is now x-ms-visibility internal${deprecated(head.node) ? ' (and deprecated)' : ''}: the designer no longer shows it, so makers cannot open or edit the flows that use it. Mark it "deprecated": true and keep it visible instead.`,
    );
  } else {
    compareVisibility(changes, where, `the action ${operationId}`, base.node, head.node);
  }
  compareTexts(changes, where, `the action ${operationId}`, base.node, head.node, ['summary', 'description']);

  compareParameters(changes, baseDoc, headDoc, base, head);
  compareResponses(changes, baseDoc, headDoc, base, head);
}

function compareVisibility(
  changes: Changes,
  where: { operationId?: string; base?: string; head?: string; file?: string },
  subject: string,
  base: Json,
  head: Json,
): void {
  const before = stringValue(base['x-ms-visibility']) ?? 'none';
  const after = stringValue(head['x-ms-visibility']) ?? 'none';
  if (before !== after)
    changes.add('visibility-changed', where, `The visibility of ${subject} changed from ${before} to ${after}.`);
}

function compareTexts(
  changes: Changes,
  where: { operationId?: string; base?: string; head?: string; file?: string },
  subject: string,
  base: Json,
  head: Json,
  keys: string[],
): void {
  for (const key of keys) {
    const before = base[key];
    const after = head[key];
    if (before === after || (typeof before !== 'string' && typeof after !== 'string')) continue;
    const change =
      before === undefined
        ? `was added: ${quote(after)}`
        : after === undefined
          ? 'was removed'
          : `changed from ${quote(before)} to ${quote(after)}`;
    changes.add('text-changed', where, `The ${key} of ${subject} ${change}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Inputs

function compareParameters(changes: Changes, baseDoc: Json, headDoc: Json, baseOp: Operation, headOp: Operation): void {
  const operationId = baseOp.id;
  const baseParams = parametersOf(baseOp);
  const headParams = parametersOf(headOp);
  // A body is one input whatever its name; other parameters are matched by name.
  const key = (p: Parameter) => (p.location === 'body' ? '\u0000body' : p.name);
  const headByKey = new Map(headParams.map((p) => [key(p), p]));
  const baseKeys = new Set(baseParams.map(key));
  const removed: Parameter[] = [];
  for (const base of baseParams) {
    const head = headByKey.get(key(base));
    if (head) compareParameter(changes, { baseDoc, headDoc, operationId }, base, head);
    else removed.push(base);
  }
  const added = headParams.filter((p) => !baseKeys.has(key(p)));
  const renamed = reportRemovedParameters(changes, operationId, removed, added);
  reportAddedParameters(
    changes,
    operationId,
    added.filter((p) => !renamed.includes(p)),
  );
}

/** How a message names an input: "the body of X", or "the input "Summary" (name) of X". */
function parameterLabel(parameter: Parameter, operationId: string): string {
  return parameter.location === 'body'
    ? `the body of ${operationId}`
    : `the input ${inputName(parameter.node, parameter.name)} of ${operationId}`;
}

/** One input in both versions: where it is sent, whether it is required and shown, its texts and its schema. */
function compareParameter(
  changes: Changes,
  context: { baseDoc: Json; headDoc: Json; operationId: string },
  base: Parameter,
  head: Parameter,
): void {
  const { baseDoc, headDoc, operationId } = context;
  const where = { operationId, base: base.pointer, head: head.pointer };
  const label = parameterLabel(base, operationId);
  if (base.location !== head.location) {
    changes.add(
      'parameter-moved',
      where,
      `${capitalise(label)} moved from ${base.location} to ${head.location}; flows saved before still send it in the ${base.location}. Keep a published input where it is.`,
    );
  }
  compareRequired(changes, where, label, isRequiredParameter(base.node), isRequiredParameter(head.node));
  compareInputVisibility(changes, where, label, base.node, head.node, isRequiredParameter(head.node));
  compareTexts(changes, where, label, base.node, head.node, ['x-ms-summary', 'description']);
  const walk = new SchemaWalk(changes, baseDoc, headDoc, operationId, 'input', label);
  if (base.location !== 'body') {
    compareSchema(walk, base, head, '', 0, { parameter: true });
    return;
  }
  const baseSchema = dereference(baseDoc, base.node.schema, `${base.pointer}/schema`);
  const headSchema = dereference(headDoc, head.node.schema, `${head.pointer}/schema`);
  if (baseSchema && headSchema) compareSchema(walk, baseSchema, headSchema, '', 0);
}

/** Inputs gone from the head, each a removal or, alone beside one new input in the same place, a rename; returns the new inputs taken as renames. */
function reportRemovedParameters(
  changes: Changes,
  operationId: string,
  removed: Parameter[],
  added: Parameter[],
): Parameter[] {
  const renamed: Parameter[] = [];
  for (const base of removed) {
    // One removed and one added input in the same place reads as a rename.
    const renamedTo = removed.length === 1 ? added.filter((p) => p.location === base.location) : [];
    const label = capitalise(parameterLabel(base, operationId));
    if (renamedTo.length === 1 && base.location !== 'body') {
      const head = renamedTo[0]!;
      changes.add(
        'parameter-removed',
        { operationId, base: base.pointer, head: head.pointer },
        `${label} was renamed to "${head.name}"; flows send the old name, which is no longer read. Keep the published name.`,
      );
      renamed.push(head);
    } else {
      changes.add(
        'parameter-removed',
        { operationId, base: base.pointer },
        `${label} was removed; flows that set it fail or lose the value. Keep it (it may be ignored, or marked x-ms-visibility internal with a default).`,
      );
    }
  }
  return renamed;
}

function reportAddedParameters(changes: Changes, operationId: string, added: Parameter[]): void {
  for (const head of added) {
    const label = head.location === 'body' ? `a body` : `the input ${inputName(head.node, head.name)}`;
    if (isRequiredParameter(head.node)) {
      changes.add(
        'parameter-added-required',
        { operationId, head: head.pointer },
        `${operationId} gained ${label}, required; existing flows do not set it and fail. Make it optional.`,
      );
    } else {
      changes.add('parameter-added', { operationId, head: head.pointer }, `${operationId} gained ${label} (optional).`);
    }
  }
}

/** An input (a parameter or a body field) that became required or optional. */
function compareRequired(
  changes: Changes,
  where: { operationId: string; base: string; head: string },
  label: string,
  before: boolean,
  after: boolean,
): void {
  if (!before && after) {
    changes.add(
      'parameter-made-required',
      where,
      `${capitalise(label)} is now required; flows that leave it empty fail. Keep it optional, or give the new behaviour a new action.`,
    );
  } else if (before && !after) {
    changes.add('parameter-made-optional', where, `${capitalise(label)} is now optional.`);
  }
}

/** An input's visibility; a required input hidden without a default is breaking (no flow can set it), any other change is safe. */
function compareInputVisibility(
  changes: Changes,
  where: { operationId?: string; base?: string; head?: string },
  label: string,
  base: Json,
  head: Json,
  required: boolean,
): void {
  const hidden = (node: Json) => node['x-ms-visibility'] === 'internal';
  if (required && hidden(head) && !hidden(base) && head.default === undefined) {
    changes.add(
      'parameter-hidden',
      where,
      `${capitalise(label)} is required and now x-ms-visibility internal without a default, so no flow can set it. Give it a default or keep it visible.`,
    );
    return;
  }
  compareVisibility(changes, where, label, base, head);
}

// ---------------------------------------------------------------------------------------------
// Outputs

function compareResponses(changes: Changes, baseDoc: Json, headDoc: Json, baseOp: Operation, headOp: Operation): void {
  const operationId = baseOp.id;
  const responses = (op: Operation): Map<string, Located> =>
    new Map(
      op.entry.responses.map((response) => [response.code, { node: response.response, pointer: response.definedAt }]),
    );
  const baseResponses = responses(baseOp);
  const headResponses = responses(headOp);
  for (const [code, base] of baseResponses) {
    const head = headResponses.get(code);
    const baseSchema = dereference(baseDoc, base.node.schema, `${base.pointer}/schema`);
    const headSchema = head ? dereference(headDoc, head.node.schema, `${head.pointer}/schema`) : undefined;
    const where = { operationId, base: base.pointer, ...(head ? { head: head.pointer } : {}) };
    if (baseSchema && !headSchema) {
      changes.add(
        'response-removed',
        where,
        `The ${code} response of ${operationId} ${head ? 'no longer has a schema' : 'was removed'}, and with it the action's outputs; flows that use them break.`,
      );
    } else if (!head) {
      changes.add('response-changed', where, `The ${code} response of ${operationId} is no longer documented.`);
    } else if (!baseSchema && headSchema) {
      changes.add('response-changed', where, `The ${code} response of ${operationId} now has a schema (new outputs).`);
    } else if (baseSchema && headSchema) {
      compareSchema(
        new SchemaWalk(
          changes,
          baseDoc,
          headDoc,
          operationId,
          'output',
          `the ${code} response of ${operationId}`,
          code.startsWith('2') ? '' : ` (in the ${code} response)`,
        ),
        baseSchema,
        headSchema,
        '',
        0,
      );
    }
    if (head)
      compareTexts(changes, where, `the ${code} response of ${operationId}`, base.node, head.node, ['description']);
  }
  for (const [code, head] of headResponses) {
    if (!baseResponses.has(code))
      changes.add(
        'response-changed',
        { operationId, head: head.pointer },
        `${operationId} documents a new ${code} response.`,
      );
  }
}

// ---------------------------------------------------------------------------------------------
// Schemas: the body's fields (inputs) and the responses' fields (outputs), $refs followed

class SchemaWalk {
  /** Pairs of schema locations already compared for this action: stops $ref cycles. */
  readonly seen = new Set<string>();
  constructor(
    readonly changes: Changes,
    readonly baseDoc: Json,
    readonly headDoc: Json,
    readonly operationId: string,
    readonly direction: 'input' | 'output',
    /** How to name the schema's root: "the body of X", "the 200 response of X", an input. */
    readonly root: string,
    /** Said after a field's name: which response it is in, unless it is the success response. */
    readonly fieldSuffix = '',
  ) {}
}

interface ObjectView {
  properties: Map<string, Located>;
  required: Set<string>;
}

/** Properties and required names of a schema, allOf parts merged in. */
function objectView(document: Json, schema: Located, depth = 0): ObjectView {
  const view: ObjectView = { properties: new Map(), required: new Set() };
  if (isObject(schema.node.properties)) {
    for (const [name, value] of Object.entries(schema.node.properties)) {
      const found = dereference(document, value, schema.pointer + pointer('properties', name));
      if (found) view.properties.set(name, found);
    }
  }
  if (Array.isArray(schema.node.required))
    for (const name of schema.node.required) if (typeof name === 'string') view.required.add(name);
  if (Array.isArray(schema.node.allOf) && depth < MAX_REF_HOPS) {
    schema.node.allOf.forEach((part, index) => {
      const found = dereference(document, part, `${schema.pointer}/allOf/${index}`);
      if (!found) return;
      const inner = objectView(document, found, depth + 1);
      for (const [name, value] of inner.properties) if (!view.properties.has(name)) view.properties.set(name, value);
      for (const name of inner.required) view.required.add(name);
    });
  }
  return view;
}

function schemaType(schema: Json): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (isObject(schema.properties) || Array.isArray(schema.allOf)) return 'object';
  return undefined;
}

function compareSchema(
  walk: SchemaWalk,
  base: Located,
  head: Located,
  field: string,
  depth: number,
  /** `parameter`: the schema is a non-body parameter's own; `required`: the field is required in the head. */
  options: { parameter?: boolean; required?: boolean } = {},
): void {
  const visit = `${base.pointer}|${head.pointer}`;
  if (depth > MAX_SCHEMA_DEPTH || walk.seen.has(visit)) return;
  walk.seen.add(visit);
  const { changes, operationId } = walk;
  const where = { operationId, base: base.pointer, head: head.pointer };
  const input = walk.direction === 'input';
  const subject =
    field === '' ? walk.root : `the ${walk.direction} field ${field} of ${operationId}${walk.fieldSuffix}`;

  const baseType = schemaType(base.node);
  const headType = schemaType(head.node);
  const baseFormat = stringValue(base.node.format);
  const headFormat = stringValue(head.node.format);
  if ((baseType !== undefined && baseType !== headType) || baseFormat !== headFormat) {
    const describe = (type: string | undefined, format: string | undefined) =>
      (type ?? 'any') + (format ? ` (${format})` : '');
    changes.add(
      'type-changed',
      where,
      `${capitalise(subject)} changed type from ${describe(baseType, baseFormat)} to ${describe(headType, headFormat)}; ${input ? 'values flows already send may be refused' : 'flows that use it as dynamic content may break'}.`,
    );
    // Below a changed type, the fields no longer correspond.
    if (baseType !== headType) return;
  }

  if (!options.parameter && field !== '') {
    compareTexts(changes, where, subject, base.node, head.node, ['x-ms-summary', 'title', 'description']);
  }
  if (input) {
    compareEnum(walk, where, subject, base.node, head.node);
    if (!options.parameter && field !== '')
      compareInputVisibility(changes, where, subject, base.node, head.node, options.required === true);
    if (quote(base.node.default) !== quote(head.node.default)) {
      changes.add(
        'default-changed',
        where,
        `The default of ${subject} changed from ${quote(base.node.default) ?? 'none'} to ${quote(head.node.default) ?? 'none'}; flows that leave it empty now send the new value.`,
      );
    }
  } else if (quote(base.node.enum) !== quote(head.node.enum)) {
    changes.add('text-changed', where, `The documented values of ${subject} changed.`);
  }

  const baseItems = dereference(walk.baseDoc, base.node.items, `${base.pointer}/items`);
  const headItems = dereference(walk.headDoc, head.node.items, `${head.pointer}/items`);
  if (baseItems && headItems) compareSchema(walk, baseItems, headItems, `${field}[]`, depth + 1);

  if (baseType === 'object' || headType === 'object') compareFields(walk, base, head, field, depth);
}

/** An object's fields in both versions: removed, made required or optional, compared, and added. */
function compareFields(walk: SchemaWalk, base: Located, head: Located, field: string, depth: number): void {
  const { changes, operationId } = walk;
  const input = walk.direction === 'input';
  const baseView = objectView(walk.baseDoc, base);
  const headView = objectView(walk.headDoc, head);
  const child = (name: string) => (field === '' ? name : `${field}.${name}`);
  for (const [name, baseProperty] of baseView.properties) {
    const headProperty = headView.properties.get(name);
    const label = `the ${walk.direction} field ${child(name)} of ${operationId}${walk.fieldSuffix}`;
    if (!headProperty) {
      changes.add(
        input ? 'parameter-removed' : 'output-removed',
        { operationId, base: baseProperty.pointer },
        input
          ? `${capitalise(label)} was removed; flows that set it lose the value or fail. Keep it (it may be ignored).`
          : `${capitalise(label)} was removed; flows that use it as dynamic content break. Keep returning it.`,
      );
      continue;
    }
    const required = headView.required.has(name);
    if (input) {
      const where = { operationId, base: baseProperty.pointer, head: headProperty.pointer };
      compareRequired(changes, where, label, baseView.required.has(name), required);
    }
    compareSchema(walk, baseProperty, headProperty, child(name), depth + 1, { required });
  }
  for (const [name, headProperty] of headView.properties) {
    if (!baseView.properties.has(name)) reportAddedField(walk, child(name), headProperty, headView.required.has(name));
  }
}

function reportAddedField(walk: SchemaWalk, field: string, head: Located, required: boolean): void {
  const { changes, operationId } = walk;
  const input = walk.direction === 'input';
  const label = `${walk.direction} field ${field}${walk.fieldSuffix}`;
  if (input && required) {
    changes.add(
      'parameter-added-required',
      { operationId, head: head.pointer },
      `${operationId} gained the required ${label}; existing flows do not set it and fail. Make it optional.`,
    );
  } else {
    changes.add(
      input ? 'parameter-added' : 'output-added',
      { operationId, head: head.pointer },
      `${operationId} gained the ${label}${input ? ' (optional)' : ''}.`,
    );
  }
}

function compareEnum(
  walk: SchemaWalk,
  where: { operationId: string; base: string; head: string },
  subject: string,
  base: Json,
  head: Json,
): void {
  const values = (node: Json) => (Array.isArray(node.enum) ? node.enum.map((value) => quote(value)) : undefined);
  const before = values(base);
  const after = values(head);
  if (!before && after) {
    walk.changes.add(
      'enum-added',
      where,
      `${capitalise(subject)} now only accepts ${after.join(', ')}; values flows already send may be refused. Add the list only to a new input.`,
    );
  } else if (before && !after) {
    walk.changes.add(
      'enum-value-added',
      where,
      `${capitalise(subject)} accepts any value now, not only ${before.join(', ')}.`,
    );
  } else if (before && after) {
    const removed = before.filter((value) => !after.includes(value));
    const added = after.filter((value) => !before.includes(value));
    if (removed.length > 0) {
      walk.changes.add(
        'enum-value-removed',
        where,
        `${capitalise(subject)} no longer accepts ${removed.join(', ')}; flows that pick ${removed.length === 1 ? 'it' : 'them'} fail. Keep accepting published values.`,
      );
    }
    if (added.length > 0)
      walk.changes.add('enum-value-added', where, `${capitalise(subject)} also accepts ${added.join(', ')}.`);
  }
}

// ---------------------------------------------------------------------------------------------
// The connection and the rest of the connector

function compareEndpoint(changes: Changes, base: Json, head: Json): void {
  for (const key of ['host', 'basePath', 'schemes'] as const) {
    if (quote(base[key]) !== quote(head[key])) {
      changes.add(
        'endpoint-changed',
        { base: pointer(key), head: pointer(key) },
        `The ${key} changed from ${quote(base[key]) ?? 'none'} to ${quote(head[key]) ?? 'none'}; flows are unchanged, their requests go to the new address.`,
      );
    }
  }
  const info = (doc: Json) => (isObject(doc.info) ? doc.info : {});
  compareTexts(changes, { base: '/info', head: '/info' }, 'the connector', info(base), info(head), [
    'title',
    'description',
    'version',
  ]);
}

/** Swagger's securityDefinitions: changing the authentication type in an update is refused. */
function compareSecurity(changes: Changes, base: Json, head: Json): void {
  const definitions = (doc: Json) => (isObject(doc.securityDefinitions) ? doc.securityDefinitions : {});
  const baseDefs = definitions(base);
  const headDefs = definitions(head);
  for (const [name, before] of Object.entries(baseDefs)) {
    const after = headDefs[name];
    const where = {
      base: pointer('securityDefinitions', name),
      ...(after ? { head: pointer('securityDefinitions', name) } : {}),
    };
    if (!isObject(before)) continue;
    if (!isObject(after)) {
      changes.add(
        'connection-changed',
        where,
        `The security definition "${name}" (${String(before.type)}) was removed; existing connections sign in with it. Changing how a published connector signs in is refused in an update.`,
      );
      continue;
    }
    if (before.type !== after.type || before.flow !== after.flow) {
      changes.add(
        'connection-changed',
        where,
        `The sign-in of "${name}" changed from ${describeSecurity(before)} to ${describeSecurity(after)}; existing connections stop working, and changing the authentication type in an update is refused.`,
      );
      continue;
    }
    const scopes = (node: Json) => (isObject(node.scopes) ? Object.keys(node.scopes) : []);
    const newScopes = scopes(after).filter((scope) => !scopes(before).includes(scope));
    if (newScopes.length > 0) {
      changes.add(
        'connection-changed',
        where,
        `The OAuth sign-in "${name}" asks for new scopes (${newScopes.join(', ')}); tokens of existing connections lack them until makers sign in again.`,
      );
    }
    if (
      before.in !== after.in ||
      before.name !== after.name ||
      before.authorizationUrl !== after.authorizationUrl ||
      before.tokenUrl !== after.tokenUrl
    ) {
      changes.add(
        'endpoint-changed',
        where,
        `The details of the sign-in "${name}" changed (${describeSecurity(before)} to ${describeSecurity(after)}); existing connections keep their values.`,
      );
    }
  }
  for (const name of Object.keys(headDefs)) {
    if (!(name in baseDefs) && Object.keys(baseDefs).length > 0) {
      changes.add(
        'connection-changed',
        { head: pointer('securityDefinitions', name) },
        `A security definition "${name}" was added next to the existing one; changing the authentication type in an update is refused.`,
      );
    }
  }
}

function describeSecurity(node: Json): string {
  if (node.type === 'apiKey') return `apiKey in ${String(node.in)} "${String(node.name)}"`;
  if (node.type === 'oauth2') return `oauth2 ${String(node.flow)}`;
  return String(node.type);
}

interface SignInKind {
  /** Undefined for the single, unnamed kind of connectionParameters. */
  name: string | undefined;
  pointer: string;
  /** Each parameter's definition, and whether it is required (read as connector-folder reads it). */
  parameters: Map<string, Located & { required: boolean }>;
}

/** The ways to create a connection: the sets of connectionParameterSets, or connectionParameters as one. */
function signInKinds(properties: Json): SignInKind[] {
  const inner = isObject(properties.properties) ? properties.properties : {};
  const hasSets = isObject(inner.connectionParameterSets) && Array.isArray(inner.connectionParameterSets.values);
  const kinds = parameterSets(properties)
    // A set without a name cannot be told apart from another: the validator reports it (P1).
    .filter((set) => !hasSets || typeof set.name === 'string')
    .map((set) => ({
      name: set.name,
      pointer: set.pointer,
      parameters: new Map(
        set.parameters
          .filter((parameter) => isObject(parameter.definition) && Object.keys(parameter.definition).length > 0)
          .map((parameter) => [
            parameter.name,
            { node: parameter.definition, pointer: parameter.pointer, required: parameter.required },
          ]),
      ),
    }));
  return hasSets || kinds.length > 0
    ? kinds
    : [{ name: undefined, pointer: '/properties/connectionParameters', parameters: new Map() }];
}

const kindLabel = (kind: SignInKind) =>
  kind.name === undefined ? 'the connection' : `the sign-in kind "${kind.name}"`;

/**
 * A connection made under the base keeps its parameter values (and, with connectionParameterSets,
 * the name of its set). It keeps working when the head still offers that set, with every
 * parameter it holds, of the same type, and asks for nothing new it lacks. Power Platform documents
 * no way to move connections made before connectionParameterSets into a set (or back), so that
 * change is breaking; a new set next to the existing ones is safe.
 */
function compareConnections(changes: Changes, baseProps: Json, headProps: Json): void {
  const where = { file: PROPERTIES_FILE };
  const baseKinds = signInKinds(baseProps);
  const headKinds = signInKinds(headProps);
  const baseSingle = baseKinds.length === 1 && baseKinds[0]!.name === undefined;
  const headSingle = headKinds.length === 1 && headKinds[0]!.name === undefined;
  if (baseSingle !== headSingle) {
    const baseKind = baseKinds[0];
    if (baseSingle && baseKind && baseKind.parameters.size === 0) {
      // No connection ever held a value: nothing to carry over.
      for (const kind of headKinds)
        changes.add(
          'connection-added',
          { ...where, head: kind.pointer },
          `New sign-in kind ${kind.name === undefined ? '' : `"${kind.name}"`}.`.replace(' .', '.'),
        );
      return;
    }
    changes.add(
      'connection-changed',
      {
        ...where,
        base: baseSingle ? '/properties/connectionParameters' : '/properties/connectionParameterSets',
        head: headSingle ? '/properties/connectionParameters' : '/properties/connectionParameterSets',
      },
      baseSingle
        ? 'The connection parameters moved into connectionParameterSets; connections made before belong to no set, and Power Platform documents no way to carry them into one, so makers must create them again.'
        : 'The connectionParameterSets were replaced by plain connectionParameters; connections made with a set have no place in the new definition, so makers must create them again.',
    );
    return;
  }
  const headByName = new Map(headKinds.map((kind) => [kind.name ?? '', kind]));
  for (const baseKind of baseKinds) {
    const headKind = headByName.get(baseKind.name ?? '');
    if (!headKind) {
      changes.add(
        'connection-changed',
        { ...where, base: baseKind.pointer },
        `The sign-in kind "${baseKind.name}" was removed; connections made with it stop working. Keep it, and add new kinds next to it.`,
      );
      continue;
    }
    compareConnectionParameters(changes, baseKind, headKind);
  }
  const baseNames = new Set(baseKinds.map((kind) => kind.name ?? ''));
  for (const headKind of headKinds) {
    if (!baseNames.has(headKind.name ?? '')) {
      changes.add(
        'connection-added',
        { ...where, head: headKind.pointer },
        `New sign-in kind "${headKind.name}" next to the existing ones; existing connections keep theirs.`,
      );
    }
  }
}

function compareConnectionParameters(changes: Changes, baseKind: SignInKind, headKind: SignInKind): void {
  const file = PROPERTIES_FILE;
  for (const [name, base] of baseKind.parameters) {
    const head = headKind.parameters.get(name);
    if (!head) {
      changes.add(
        'connection-changed',
        { file, base: base.pointer },
        `The connection parameter "${name}" of ${kindLabel(baseKind)} was removed; existing connections hold it and the connector stops receiving it.`,
      );
      continue;
    }
    const where = { file, base: base.pointer, head: head.pointer };
    if (base.node.type !== head.node.type) {
      changes.add(
        'connection-changed',
        where,
        `The connection parameter "${name}" of ${kindLabel(baseKind)} changed type from ${String(base.node.type)} to ${String(head.node.type)}; existing connections hold the old kind of value.`,
      );
      continue;
    }
    if (!base.required && head.required) {
      changes.add(
        'connection-changed',
        where,
        `The connection parameter "${name}" of ${kindLabel(baseKind)} is now required; existing connections without it stop working.`,
      );
    }
    const identityProvider = (node: Json) =>
      isObject(node.oAuthSettings) ? node.oAuthSettings.identityProvider : undefined;
    if (identityProvider(base.node) !== identityProvider(head.node)) {
      changes.add(
        'connection-changed',
        where,
        `The identity provider of "${name}" changed from ${quote(identityProvider(base.node))} to ${quote(identityProvider(head.node))}; existing connections were signed in with the old one.`,
      );
    }
    if (quote(base.node.uiDefinition) !== quote(head.node.uiDefinition)) {
      changes.add('text-changed', where, `The texts or constraints of the connection parameter "${name}" changed.`);
    }
  }
  for (const [name, head] of headKind.parameters) {
    if (baseKind.parameters.has(name)) continue;
    if (head.required && head.node.defaultValue === undefined) {
      changes.add(
        'connection-changed',
        { file, head: head.pointer },
        `${capitalise(kindLabel(headKind))} gained the required parameter "${name}"; existing connections do not have it. Make it optional or give it a defaultValue.`,
      );
    } else {
      changes.add(
        'connection-added',
        { file, head: head.pointer },
        `${capitalise(kindLabel(headKind))} gained the optional parameter "${name}".`,
      );
    }
  }
}

function compareRest(changes: Changes, base: ConnectorSnapshot, head: ConnectorSnapshot): void {
  const inner = (props: Json) => (isObject(props.properties) ? props.properties : {});
  const before = inner(base.properties);
  const after = inner(head.properties);
  const where = (key: string) => ({
    file: PROPERTIES_FILE,
    base: pointer('properties', key),
    head: pointer('properties', key),
  });
  if (before.iconBrandColor !== after.iconBrandColor) {
    changes.add(
      'branding-changed',
      where('iconBrandColor'),
      `The brand colour changed from ${quote(before.iconBrandColor) ?? 'none'} to ${quote(after.iconBrandColor) ?? 'none'}.`,
    );
  }
  if (base.icon && head.icon && !base.icon.equals(head.icon))
    changes.add('branding-changed', { file: 'icon.png' }, 'The icon changed.');
  if (base.script && head.script && !base.script.equals(head.script)) {
    changes.add(
      'script-changed',
      { file: 'script.csx' },
      'The script (script.csx) changed; it runs on every call of the actions it handles, so test them (npm test runs it).',
    );
  }
  const scriptOps = (props: Json) => (Array.isArray(props.scriptOperations) ? props.scriptOperations.map(String) : []);
  const lost = scriptOps(before).filter((id) => !scriptOps(after).includes(id));
  const gained = scriptOps(after).filter((id) => !scriptOps(before).includes(id));
  if (lost.length > 0 || gained.length > 0) {
    const parts = [
      gained.length > 0 ? `now handles ${gained.join(', ')}` : '',
      lost.length > 0 ? `no longer handles ${lost.join(', ')}` : '',
    ].filter(Boolean);
    changes.add(
      'script-changed',
      where('scriptOperations'),
      `The script ${parts.join(' and ')}; those requests change even though their actions look the same.`,
    );
  }
  for (const key of ['publisher', 'stackOwner']) {
    if (before[key] !== after[key])
      changes.add(
        'text-changed',
        where(key),
        `The ${key} changed from ${quote(before[key]) ?? 'none'} to ${quote(after[key]) ?? 'none'}.`,
      );
  }
  if (quote(before.policyTemplateInstances) !== quote(after.policyTemplateInstances)) {
    changes.add(
      'script-changed',
      where('policyTemplateInstances'),
      'The policy templates changed; they rewrite requests and responses, so test the actions.',
    );
  }
}

function capitalise(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
