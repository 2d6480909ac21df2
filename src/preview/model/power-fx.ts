/**
 * How Power Apps calls an action, after Power Fx's connector library (microsoft/Power-Fx,
 * Microsoft.PowerFx.Connectors: the function name, the split into required arguments and one
 * record of optional ones, Power Apps' argument order, the return type). Pure.
 */
import { isObject, type JsonObject } from '../../shared/json.ts';
import { dereference, type OperationEntry } from '../../connector-folder/operations.ts';
import { shownText, textField } from './shown-text.ts';
import type { PowerFxSignature } from './types.ts';

interface Argument {
  name: string;
  location: string;
  schema: JsonObject;
}

/** The function's name: the operationId with every character but A–Z, a–z and 0–9 removed. */
export function powerFxName(operationId: string): string {
  return operationId.replace(/[^A-Za-z0-9]/g, '');
}

const LOCATION_ORDER = ['path', 'query', 'header'];

export function powerFxSignature(definition: JsonObject, entry: OperationEntry, namespace: string): PowerFxSignature {
  const required: Argument[] = [];
  const optional: Argument[] = [];
  const place = (argument: Argument, isRequired: boolean, internal: boolean) => {
    // Internal inputs are not arguments: a required one with a default is sent silently, the rest are left out.
    if (!internal) (isRequired ? required : optional).push(argument);
  };
  for (const { parameter } of entry.parameters) {
    const location = textField(parameter.in);
    const name = textField(parameter.name);
    const internal = textField(parameter['x-ms-visibility']).toLowerCase() === 'internal';
    if (location === 'body') {
      const schema = dereference(definition, parameter.schema, '')?.node ?? {};
      if (isObject(schema.properties) && Object.keys(schema.properties).length > 0) {
        // An object body's properties become arguments of their own.
        const requiredKeys = Array.isArray(schema.required) ? schema.required.map(String) : [];
        for (const [key, raw] of Object.entries(schema.properties)) {
          const property = dereference(definition, raw, '')?.node ?? {};
          if (property.readOnly === true) continue;
          const propertyInternal = textField(property['x-ms-visibility']).toLowerCase() === 'internal';
          place({ name: key, location: 'body', schema: property }, requiredKeys.includes(key), propertyInternal);
        }
      } else {
        place({ name, location: 'body', schema }, parameter.required === true, internal);
      }
      continue;
    }
    place({ name, location, schema: parameter }, parameter.required === true, internal);
  }
  // Power Apps orders required arguments by where they go: path, query, header, then body.
  const rank = (argument: Argument) => {
    const index = LOCATION_ORDER.indexOf(argument.location);
    return index === -1 ? LOCATION_ORDER.length : index;
  };
  const ordered = required.map((argument, index) => ({ argument, index }));
  ordered.sort((a, b) => rank(a.argument) - rank(b.argument) || a.index - b.index);
  const positional = ordered.map(({ argument }) => argument);

  const functionName = `${namespace}.${powerFxName(textField(entry.operation.operationId))}`;
  const parts = positional.map((argument) => `${recordKey(argument.name)}: ${typeName(definition, argument.schema)}`);
  const exampleParts = positional.map((argument) => exampleValue(definition, argument.schema, 0));
  if (optional.length > 0) {
    parts.push(
      `{ ${optional.map((argument) => `${recordKey(argument.name)}: ${typeName(definition, argument.schema)}`).join(', ')} }`,
    );
    const first = optional[0]!;
    exampleParts.push(`{ ${recordKey(first.name)}: ${exampleValue(definition, first.schema, 0)} }`);
  }
  const returnType = returnTypeOf(definition, entry);
  return {
    signature: `${functionName}(${parts.join(', ')}): ${returnType}`,
    example: `${functionName}(${exampleParts.join(', ')})`,
    returnType,
  };
}

/** The return type from the lowest 2xx response: an object is a Record, an array a Table. */
function returnTypeOf(definition: JsonObject, entry: OperationEntry): string {
  const success = entry.responses
    .filter(({ code }) => /^2\d\d$/.test(code))
    .sort((a, b) => a.code.localeCompare(b.code))[0];
  const schema = success ? dereference(definition, success.response.schema, '')?.node : undefined;
  return schema ? typeName(definition, schema) : 'Void';
}

function typeName(definition: JsonObject, raw: JsonObject): string {
  const schema = dereference(definition, raw, '')?.node ?? raw;
  const type = typeof schema.type === 'string' ? schema.type : isObject(schema.properties) ? 'object' : undefined;
  switch (type) {
    case 'string':
      if (schema.format === 'date-time') return 'DateTime';
      if (schema.format === 'date') return 'Date';
      if (schema.format === 'binary' || schema.format === 'byte') return 'Blob';
      return 'Text';
    case 'integer':
    case 'number':
      return 'Number';
    case 'boolean':
      return 'Boolean';
    case 'array':
      return 'Table';
    case 'object':
      return 'Record';
    default:
      return 'Dynamic';
  }
}

/** An example argument in Power Fx syntax: an enum's first value, the default, or a plain sample. */
function exampleValue(definition: JsonObject, raw: JsonObject, depth: number): string {
  const schema = dereference(definition, raw, '')?.node ?? raw;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return literal(schema.enum[0]);
  if (schema.default !== undefined && typeof schema.default !== 'object') return literal(schema.default);
  switch (typeName(definition, schema)) {
    case 'Number':
      return String(typeof schema.minimum === 'number' ? schema.minimum : 1);
    case 'Boolean':
      return 'true';
    case 'DateTime':
      return 'Now()';
    case 'Date':
      return 'Today()';
    case 'Table': {
      const items = dereference(definition, schema.items, '')?.node;
      return depth < 2 && items ? `[${exampleValue(definition, items, depth + 1)}]` : '[]';
    }
    case 'Record':
      return '{}';
    case 'Text':
      return literal([schema.title, schema['x-ms-summary']].find((sample) => typeof sample === 'string') ?? 'text');
    default:
      return 'Blank()';
  }
}

function literal(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return `"${shownText(value).replace(/"/g, '""')}"`;
}

/** A record field name that is not a plain identifier is written in single quotes. */
function recordKey(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
