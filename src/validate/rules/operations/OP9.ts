import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, type OperationEntry } from '../../../connector-folder/index.ts';
import { definitionIndex, type DefinitionIndex, type SchemaNode } from '../../engine/definition-index.ts';
import { isObject, type JsonObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { quote } from '../text.ts';
import { operationName, operationsById } from './shared.ts';

/**
 * The dynamic extensions: x-ms-dynamic-values, -list, -schema, -properties and -tree call another
 * operation of the connector (the designer runs it to fill a list, a schema or a picker) with
 * parameters taken from the calling operation or given as values.
 */
const DYNAMIC = ['x-ms-dynamic-values', 'x-ms-dynamic-list', 'x-ms-dynamic-schema', 'x-ms-dynamic-properties'] as const;
type Dynamic = (typeof DYNAMIC)[number];
/** The newer extension that can say what the older one's references cannot. */
const SUCCESSOR: Partial<Record<Dynamic, Dynamic>> = {
  'x-ms-dynamic-values': 'x-ms-dynamic-list',
  'x-ms-dynamic-schema': 'x-ms-dynamic-properties',
};
const AMBIGUOUS_CODE: Partial<Record<Dynamic, string>> = {
  'x-ms-dynamic-values': 'DynamicListExtensionRequiredForAmbiguousReferences',
  'x-ms-dynamic-schema': 'DynamicPropertiesExtensionRequiredForAmbiguousReferences',
};
const NON_PARAMETER_CODE: Partial<Record<Dynamic, string>> = {
  'x-ms-dynamic-values': 'DynamicListExtensionRequiredForNonParameterReferences',
  'x-ms-dynamic-schema': 'DynamicPropertiesExtensionRequiredForNonParameterReferences',
};
/** $ref hops followed when reading a response schema along a path. */
const MAX_HOPS = 32;

const SIMPLE_TYPES = ['string', 'integer', 'number', 'boolean'];
const jsonType = (value: unknown): string =>
  Number.isInteger(value) ? 'integer' : typeof value === 'number' ? 'number' : typeof value;
/** Whether a value of type `given` can be passed where `wanted` is declared (an integer is a number). */
const fitsType = (given: string, wanted: string) => given === wanted || (given === 'integer' && wanted === 'number');

interface Caller {
  entry: OperationEntry;
  /** Parameter names of the calling operation, with each parameter. */
  parameters: Map<string, JsonObject>;
  /** Names of the top-level properties of its body. */
  bodyProperties: Set<string>;
}

function dynamicExtensions(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  const index = definitionIndex(context);
  const byId = operationsById(index.operations);
  const callers = callersOf(index);
  const violations: Violation[] = [];
  const bodyParameters = new Set(
    index.parameters.filter(({ parameter }) => parameter.in === 'body').map(({ definedAt }) => definedAt),
  );

  for (const name of [...DYNAMIC, 'x-ms-dynamic-tree'] as const) {
    for (const extension of index.extensionsNamed(name)) {
      const { value, pointer: at, holder, holderPointer } = extension;
      if (!isObject(value)) continue;
      if (bodyParameters.has(holderPointer))
        violations.push({
          msCode: 'DynamicExtensionDefinitionNotAllowedInParameter',
          location: at,
          message: `${name} is written on the body parameter itself.`,
          hint: `Move ${name} into the body parameter's "schema".`,
        });
      if (name === 'x-ms-dynamic-tree') {
        violations.push(...tree(value, at, byId));
        continue;
      }
      const target = calledOperation(value.operationId, `${at}/operationId`, name, byId, violations);
      const callerEntries = callers(holderPointer);
      violations.push(...passedParameters(index, name, value, at, holder, target, callerEntries));
      if (target) violations.push(...producedPaths(name, value, at, target, index));
      if (name === 'x-ms-dynamic-schema') violations.push(...schemaValuePath(value, at, holder));
    }
  }
  for (const { value, pointer: at } of index.extensionsNamed('x-ms-notification'))
    if (isObject(value)) calledOperation(value.operationId, `${at}/operationId`, 'x-ms-notification', byId, violations);
  for (const { holder, holderPointer, value } of index.extensionsNamed('x-ms-capabilities')) {
    if (isObject(value) && Object.hasOwn(value, 'file-picker') && holder['x-ms-dynamic-tree'] === undefined)
      violations.push({
        severity: 'warning',
        msCode: 'DynamicTreeExtensionMissing',
        location: holderPointer || '/',
        message: 'A file picker is declared (x-ms-capabilities "file-picker") without x-ms-dynamic-tree.',
        hint: 'Describe the picker with x-ms-dynamic-tree (its open and browse operations) beside the capability.',
      });
  }
  return violations;
}

/** The operation an extension names, or a finding when it names none of the file's. */
function calledOperation(
  operationId: unknown,
  at: string,
  extension: string,
  byId: Map<string, OperationEntry>,
  violations: Violation[],
): OperationEntry | undefined {
  if (operationId === undefined) return undefined;
  const target = typeof operationId === 'string' ? byId.get(operationId) : undefined;
  if (!target)
    violations.push({
      msCode: 'OperationIdNotFound',
      location: at,
      message: `${extension} calls the operation ${quote(operationId)}, which the definition does not have.`,
      hint: 'Name the operationId of an operation of this connector (letter case counts).',
    });
  return target;
}

/** The operations whose request holds the object at `holderPointer` (none known for a shared definition). */
function callersOf(index: DefinitionIndex): (holderPointer: string) => Caller[] {
  const byPointer = new Map(index.operations.map((entry) => [entry.pointer, entry]));
  const byParameter = new Map<string, OperationEntry[]>();
  for (const { definedAt, operation } of index.parameters) {
    if (!operation) continue;
    const list = byParameter.get(definedAt);
    if (list) list.push(operation);
    else byParameter.set(definedAt, [operation]);
  }
  const cache = new Map<OperationEntry, Caller>();
  const callerOf = (entry: OperationEntry): Caller => {
    let caller = cache.get(entry);
    if (!caller) {
      const parameters = new Map<string, JsonObject>();
      const bodyProperties = new Set<string>();
      for (const { parameter, definedAt } of entry.parameters) {
        if (typeof parameter.name === 'string' && !parameters.has(parameter.name))
          parameters.set(parameter.name, parameter);
        if (parameter.in === 'body')
          for (const property of propertyNames(index, index.schemaAt(`${definedAt}/schema`)))
            bodyProperties.add(property);
      }
      caller = { entry, parameters, bodyProperties };
      cache.set(entry, caller);
    }
    return caller;
  };
  return (holderPointer) => {
    const operationPointer = holderPointer.match(/^\/paths\/[^/]*\/[^/]*/)?.[0];
    const own = operationPointer ? byPointer.get(operationPointer) : undefined;
    if (own) return [callerOf(own)];
    const shared = holderPointer.match(/^\/parameters\/[^/]*/)?.[0];
    return shared ? (byParameter.get(shared) ?? []).map(callerOf) : [];
  };
}

/** A schema through its $refs (at most MAX_HOPS of them). */
function resolved(index: DefinitionIndex, node: SchemaNode | undefined): SchemaNode | undefined {
  for (let hop = 0; node?.refTarget !== undefined && hop < MAX_HOPS; hop++) node = index.schemaAt(node.refTarget);
  return node?.refTarget === undefined ? node : undefined;
}

/** The properties a schema declares (its own and its allOf parts'), by name; undefined when it is open. */
function propertiesOf(index: DefinitionIndex, node: SchemaNode | undefined): Map<string, SchemaNode> | undefined {
  const schema = resolved(index, node);
  if (!schema || schema.schema.additionalProperties === true || isObject(schema.schema.additionalProperties))
    return undefined;
  const allOf = Array.isArray(schema.schema.allOf) ? schema.schema.allOf : [];
  const parts = [
    schema,
    ...allOf.map((_, position) => resolved(index, index.schemaAt(`${schema.pointer}/allOf/${position}`))),
  ];
  const found = new Map<string, SchemaNode>();
  for (const part of parts) {
    // A part that cannot be read, or an allOf part without properties, leaves the schema open.
    if (!part) return undefined;
    if (!isObject(part.schema.properties)) {
      if (part === schema) continue;
      return undefined;
    }
    for (const property of Object.keys(part.schema.properties)) {
      const child = index.schemaAt(`${part.pointer}${pointer('properties', property)}`);
      if (child) found.set(property, child);
    }
  }
  return found.size > 0 || isObject(schema.schema.properties) ? found : undefined;
}

function propertyNames(index: DefinitionIndex, node: SchemaNode | undefined): string[] {
  return [...(propertiesOf(index, node)?.keys() ?? [])];
}

/** A called operation's parameters by name and its body's property names, worked out once per operation. */
const targets = new WeakMap<OperationEntry, { parameters: Map<string, JsonObject>; body: Set<string> }>();
function targetOf(index: DefinitionIndex, target: OperationEntry) {
  let found = targets.get(target);
  if (!found) {
    const parameters = new Map<string, JsonObject>();
    // The older extensions may fill the target's body by naming its properties.
    const body = new Set<string>();
    for (const { parameter, definedAt } of target.parameters) {
      if (typeof parameter.name === 'string') parameters.set(parameter.name, parameter);
      if (parameter.in === 'body')
        for (const property of propertyNames(index, index.schemaAt(`${definedAt}/schema`))) body.add(property);
    }
    found = { parameters, body };
    targets.set(target, found);
  }
  return found;
}

/** What the value of a `parameters` entry passes: another parameter, a body property path, or a fixed value. */
function passed(argument: unknown): { reference?: string; explicitPath?: boolean; value?: unknown; fixed: boolean } {
  if (isObject(argument)) {
    if (typeof argument.parameter === 'string') return { reference: argument.parameter, fixed: false };
    if (typeof argument.parameterReference === 'string')
      return { reference: argument.parameterReference, explicitPath: true, fixed: false };
    if (Object.hasOwn(argument, 'value')) return { value: argument.value, fixed: true };
    return { fixed: false };
  }
  return { value: argument, fixed: argument !== undefined };
}

/** One dynamic extension's call: what it passes, to which operation, from which callers. */
interface Call {
  name: Dynamic;
  at: string;
  holder: JsonObject;
  given: JsonObject;
  target: OperationEntry | undefined;
  targetName: string;
  targetParameters: Map<string, JsonObject>;
  targetBody: Set<string>;
  callers: readonly Caller[];
}

function passedParameters(
  index: DefinitionIndex,
  name: Dynamic,
  extension: JsonObject,
  at: string,
  holder: JsonObject,
  target: OperationEntry | undefined,
  callers: readonly Caller[],
): Violation[] {
  const { parameters: targetParameters, body: targetBody } = target
    ? targetOf(index, target)
    : { parameters: new Map<string, JsonObject>(), body: new Set<string>() };
  const call: Call = {
    name,
    at,
    holder,
    given: isObject(extension.parameters) ? extension.parameters : {},
    target,
    targetName: target ? operationName(target) : '',
    targetParameters,
    targetBody,
    callers,
  };
  const violations: Violation[] = [];
  for (const [key, argument] of Object.entries(call.given)) violations.push(...argumentProblems(call, key, argument));
  violations.push(...missingRequired(call));
  return violations;
}

/** One passed argument: a parameter the target has, a fixed value of its type, a reference each caller can fill. */
function argumentProblems(call: Call, key: string, argument: unknown): Violation[] {
  const { name, target, targetName, targetParameters, targetBody } = call;
  const violations: Violation[] = [];
  const where = `${call.at}${pointer('parameters', key)}`;
  const wanted = targetParameters.get(key);
  if (target && !wanted && !targetBody.has(key) && !key.includes('/'))
    violations.push({
      msCode: 'OperationParameterNameNotFound',
      location: where,
      message: `${name} passes "${key}" to operation ${targetName}, which has no parameter of that name.`,
      hint: `Use the name of one of ${targetName}'s parameters: ${[...targetParameters.keys()].join(', ') || '(it has none)'}.`,
    });
  const { reference, explicitPath, value, fixed } = passed(argument);
  const wantedType = typeof wanted?.type === 'string' && SIMPLE_TYPES.includes(wanted.type) ? wanted.type : undefined;
  if (fixed && wantedType && value !== null && typeof value !== 'object' && !fitsType(jsonType(value), wantedType))
    violations.push({
      msCode: 'OperationParameterStaticTypeMismatch',
      location: where,
      message: `${name} passes the ${jsonType(value)} ${quote(value)} to "${key}", which is of type ${wantedType}.`,
      hint: `Pass a ${wantedType} value.`,
    });
  if (reference === undefined) return violations;
  const passing = { key, where, reference, explicitPath: explicitPath === true, wanted, wantedType };
  for (const caller of call.callers) violations.push(...referenceProblems(call, caller, passing));
  return violations;
}

interface Passing {
  key: string;
  where: string;
  reference: string;
  explicitPath: boolean;
  wanted: JsonObject | undefined;
  wantedType: string | undefined;
}

/** A reference as one caller fills it: unambiguous, a parameter rather than a body property, of the type and required-ness wanted. */
function referenceProblems(call: Call, caller: Caller, passing: Passing): Violation[] {
  const { name, holder, targetName } = call;
  const { key, where, reference, explicitPath, wanted, wantedType } = passing;
  const violations: Violation[] = [];
  const source = caller.parameters.get(reference);
  const inBody = caller.bodyProperties.has(reference);
  if (!explicitPath && source && inBody && !holder[SUCCESSOR[name] ?? '']) {
    violations.push({
      msCode: AMBIGUOUS_CODE[name] ?? 'OperationParameterNameIsAmbiguous',
      location: where,
      message: `${name} refers to "${reference}", which is both a parameter of ${operationName(caller.entry)} and a property of its body.`,
      hint: SUCCESSOR[name]
        ? `Add ${SUCCESSOR[name]} beside ${name}, whose parameterReference says which one is meant (e.g. "body/${reference}").`
        : `Write the reference as a path ("body/${reference}") or rename the parameter.`,
    });
  } else if (!explicitPath && !source && inBody && SUCCESSOR[name] && !holder[SUCCESSOR[name]]) {
    violations.push({
      msCode: NON_PARAMETER_CODE[name]!,
      location: where,
      message: `${name} refers to "${reference}", a property of the body of ${operationName(caller.entry)}, not a parameter.`,
      hint: `Add ${SUCCESSOR[name]} beside ${name}, with { "parameterReference": "body/${reference}" } for it.`,
    });
  }
  if (!source || !wanted) return violations;
  const sourceType = typeof source.type === 'string' ? source.type : undefined;
  if (sourceType && wantedType && SIMPLE_TYPES.includes(sourceType) && !fitsType(sourceType, wantedType))
    violations.push({
      msCode: 'OperationParameterTypeMismatch',
      location: where,
      message: `${name} passes "${reference}" (type ${sourceType}) to "${key}" of ${targetName}, which is of type ${wantedType}.`,
      hint: `Give both parameters the same type, or pass a value of type ${wantedType}.`,
    });
  if (wanted.required === true && source.required !== true)
    violations.push({
      severity: 'warning',
      msCode: 'OperationParameterRequiredMismatch',
      location: where,
      message: `${name} passes the optional "${reference}" to "${key}", which ${targetName} requires: the list stays empty until the maker fills "${reference}" in.`,
      hint: `Make "${reference}" required, or pass a fixed value for "${key}".`,
    });
  return violations;
}

/** Every parameter the target requires (without a default) is passed; a body counts as passed when any of its properties is. */
function missingRequired({ name, at, given, target, targetName, targetParameters, targetBody }: Call): Violation[] {
  if (!target) return [];
  const fillsBody = Object.keys(given).some(
    (key) => key.startsWith('body/') || (targetBody.has(key) && !targetParameters.has(key)),
  );
  const violations: Violation[] = [];
  for (const [key, parameter] of targetParameters) {
    if (parameter.required !== true || Object.hasOwn(given, key) || parameter.default !== undefined) continue;
    if (parameter.in === 'body' && fillsBody) continue;
    violations.push({
      msCode: 'OperationMissingRequiredProperty',
      location: `${at}/parameters`,
      message: `${name} calls ${targetName} without its required parameter "${key}".`,
      hint: `Pass "${key}" in "parameters", from a parameter ({ "parameter": "…" }) or as a value.`,
    });
  }
  return violations;
}

/** The successful response's schema of an operation: the first 2xx with one. */
function responseSchema(index: DefinitionIndex, target: OperationEntry): SchemaNode | undefined {
  const response = target.responses.find(({ code, response }) => /^2\d\d$/.test(code) && isObject(response.schema));
  return response ? index.schemaAt(`${response.definedAt}/schema`) : undefined;
}

/**
 * Follows a path of property names ("value/items" style, "/" separated) from a schema; 'open' when
 * some schema on the way declares no properties (nothing can be said), 'missing' with the name not found.
 */
function follow(
  index: DefinitionIndex,
  from: SchemaNode | undefined,
  path: string,
): { node?: SchemaNode; missing?: string; open?: boolean } {
  let node = from;
  for (const segment of path.split('/').filter(Boolean)) {
    const properties = propertiesOf(index, node);
    if (!properties) return { open: true };
    const next = properties.get(segment);
    if (!next) return { missing: segment };
    node = next;
  }
  return { node: resolved(index, node) };
}

function producedPaths(
  name: Dynamic,
  extension: JsonObject,
  at: string,
  target: OperationEntry,
  index: DefinitionIndex,
): Violation[] {
  const root = responseSchema(index, target);
  if (!root) return [];
  const violations: Violation[] = [];
  const targetName = operationName(target);
  const property = (from: SchemaNode | undefined, field: string) => {
    const path = extension[field];
    if (typeof path !== 'string') return;
    const found = follow(index, from, path);
    if (found.missing !== undefined)
      violations.push({
        severity: 'warning',
        msCode: 'InvokedOperationShouldProduceProperty',
        location: `${at}/${field}`,
        message: `${name} reads "${path}" from the response of ${targetName}, whose schema has no property "${found.missing}" there.`,
        hint: `Correct "${field}", or describe the property in ${targetName}'s response schema.`,
      });
  };
  if (name === 'x-ms-dynamic-values' || name === 'x-ms-dynamic-list') {
    const field = name === 'x-ms-dynamic-values' ? 'value-collection' : 'itemsPath';
    const path = typeof extension[field] === 'string' ? extension[field] : '';
    const found = follow(index, root, path);
    if (
      found.missing !== undefined ||
      (found.node && found.node.schema.type !== undefined && found.node.schema.type !== 'array')
    )
      violations.push({
        severity: 'warning',
        msCode: 'InvokedOperationShouldProduceArray',
        location: path ? `${at}/${field}` : at,
        message: `${name} expects a list at "${path || '(the response itself)'}" in the response of ${targetName}, whose schema has ${found.missing !== undefined ? `no property "${found.missing}" there` : 'no array there'}.`,
        hint: `Point "${field}" at the array of ${targetName}'s response, or describe it in the response schema.`,
      });
    else if (found.node) {
      const items = index.schemaAt(`${found.node.pointer}/items`);
      for (const itemField of name === 'x-ms-dynamic-values'
        ? ['value-path', 'value-title']
        : ['itemValuePath', 'itemTitlePath'])
        property(items, itemField);
    }
  } else property(root, name === 'x-ms-dynamic-schema' ? 'value-path' : 'itemValuePath');
  return violations;
}

function schemaValuePath(extension: JsonObject, at: string, holder: JsonObject): Violation[] {
  const path = extension['value-path'];
  if (typeof path !== 'string') return [];
  const endsInProperties = /(^|\/)properties$/.test(path);
  const properties = holder['x-ms-dynamic-properties'];
  if (!isObject(properties))
    return endsInProperties
      ? [
          {
            msCode: 'DynamicPropertiesExtensionRequiredForPropertiesValuePath',
            location: `${at}/value-path`,
            message: `x-ms-dynamic-schema's value-path "${path}" points at the properties of a schema, not at a schema.`,
            hint: 'Add x-ms-dynamic-properties beside it whose itemValuePath points at the schema object (the path without "/properties").',
          },
        ]
      : [];
  const expected = path.replace(/\/?properties$/, '');
  if (typeof properties.itemValuePath === 'string' && properties.itemValuePath !== expected)
    return [
      {
        msCode: 'DynamicPropertiesItemValuePathMismatch',
        location: `${at.replace(/x-ms-dynamic-schema$/, 'x-ms-dynamic-properties')}/itemValuePath`,
        message: `x-ms-dynamic-properties reads "${properties.itemValuePath}", but x-ms-dynamic-schema's value-path leads to "${expected}".`,
        hint: `Set itemValuePath to "${expected}".`,
      },
    ];
  return [];
}

function tree(value: JsonObject, at: string, byId: Map<string, OperationEntry>): Violation[] {
  const violations: Violation[] = [];
  for (const step of ['open', 'browse'] as const) {
    const part = value[step];
    if (!isObject(part)) continue;
    calledOperation(part.operationId, `${at}/${step}/operationId`, `x-ms-dynamic-tree's ${step}`, byId, violations);
    if (step === 'browse' || !isObject(part.parameters)) continue;
    for (const [key, argument] of Object.entries(part.parameters))
      if (isObject(argument) && Object.hasOwn(argument, 'selectedItemValuePath'))
        violations.push({
          msCode: 'SelectedItemValuePathNotAllowedInThisPosition',
          location: `${at}/${step}${pointer('parameters', key, 'selectedItemValuePath')}`,
          message: `x-ms-dynamic-tree's open step passes "${key}" from the selected item, but nothing is selected when the picker opens.`,
          hint: 'Use selectedItemValuePath in the browse step only; give the open step fixed values or parameters.',
        });
  }
  return violations;
}

export default defineRule({
  id: 'OP9',
  msCode: [
    'OperationIdNotFound',
    'OperationParameterNameNotFound',
    'OperationParameterStaticTypeMismatch',
    'OperationParameterTypeMismatch',
    'OperationParameterRequiredMismatch',
    'OperationMissingRequiredProperty',
    'OperationParameterNameIsAmbiguous',
    'DynamicListExtensionRequiredForAmbiguousReferences',
    'DynamicListExtensionRequiredForNonParameterReferences',
    'DynamicPropertiesExtensionRequiredForAmbiguousReferences',
    'DynamicPropertiesExtensionRequiredForNonParameterReferences',
    'DynamicPropertiesExtensionRequiredForPropertiesValuePath',
    'DynamicPropertiesItemValuePathMismatch',
    'DynamicExtensionDefinitionNotAllowedInParameter',
    'DynamicTreeExtensionMissing',
    'SelectedItemValuePathNotAllowedInThisPosition',
    'InvokedOperationShouldProduceArray',
    'InvokedOperationShouldProduceProperty',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'Dynamic values, lists, schemas, properties and trees call an operation of the file with parameters it has, of its types, from parameters of the caller that are not ambiguous, and read paths its response declares.',
  evidence:
    "the maker portal refuses a parameter the called operation does not have (OperationParameterNameNotFound); an unknown operation, mismatched types, missing required parameters, ambiguous or body references without the newer extension, properties value paths and misplaced extensions flag 0 of 618 certified connectors; a list or property missing from the called operation's response schema flags 19 and 15, an optional parameter passed to a required one 10, a file picker without x-ms-dynamic-tree 8: warnings",
  check: dynamicExtensions,
});
