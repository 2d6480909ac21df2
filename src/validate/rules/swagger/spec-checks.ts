/**
 * SW1's spec phase: the Swagger 2.0 rules its JSON schema cannot express (those
 * @apidevtools/swagger-parser checks after its schema), read from the definition as it is. The
 * parser needs a deep copy of the whole document with every $ref expanded (most of the
 * validator's time on large connectors); here a $ref is followed only where a rule reads it, as
 * the parser's expansion shows it: the value it names, with the members written beside it
 * winning. The checks and their order are the parser's, and like it they stop at the first
 * problem. The departures the platform accepts (spec-phase.ts) count as repaired.
 */
import { HTTP_METHODS, MAX_REF_HOPS, resolveLocalRef } from '../../../connector-folder/index.ts';
import { isObject, type JsonObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import type { ValidationContext, Violation } from '../../types.ts';

/** What the accepted departures repair before the spec checks read the definition. */
export interface Repairs {
  /** Operations (by pointer) treated as consuming multipart/form-data. */
  formConsumers: Set<string>;
  /** Schema objects whose "required" list is read without the names they do not define. */
  required: Map<JsonObject, unknown[]>;
}

/** A spec rule broken at an operation (`at` its pointer) or elsewhere ('/paths', as the parser's message names no operation). */
interface Problem {
  at: string;
  message: string;
}

const PRIMITIVE_TYPES: readonly unknown[] = ['array', 'boolean', 'integer', 'number', 'string'];
const SCHEMA_TYPES: readonly unknown[] = [...PRIMITIVE_TYPES, 'object', 'null', undefined];
const FORM_DATA = /multipart\/(.*\+)?form-data/;
const URL_ENCODED = /application\/(.*\+)?x-www-form-urlencoded/;
const PATH_VARIABLE = /\{([^/}]+)}/g;

class SpecReader {
  constructor(
    private readonly definition: JsonObject,
    private readonly repairs: Repairs,
  ) {}

  /** The value as the expanded document holds it: a $ref chain followed, members beside a $ref kept over the target's. */
  view(value: unknown): unknown {
    if (!isRef(value)) return this.repaired(value);
    const seen = new Set<unknown>();
    const chain: JsonObject[] = [];
    let current: unknown = value;
    while (isRef(current) && !seen.has(current) && chain.length < MAX_REF_HOPS) {
      seen.add(current);
      chain.push(current);
      current = resolveLocalRef(this.definition, current.$ref as string);
    }
    // An unresolved or circular chain is SW2's and SW3's to report; the holder stands for itself.
    if (isRef(current)) return this.repaired(value);
    let result = this.repaired(current);
    for (let position = chain.length - 1; position >= 0; position--) {
      const holder = this.repaired(chain[position]!) as JsonObject;
      if (!isObject(result) || Object.keys(holder).length === 1) continue;
      const merged: JsonObject = {};
      for (const key of Object.keys(holder)) if (key !== '$ref') merged[key] = holder[key];
      for (const key of Object.keys(result)) if (!(key in merged)) merged[key] = result[key];
      result = merged;
    }
    return result;
  }

  private repaired(value: unknown): unknown {
    const required = isObject(value) ? this.repairs.required.get(value) : undefined;
    return required ? { ...(value as JsonObject), required } : value;
  }

  list(value: unknown): JsonObject[] {
    const list = this.view(value);
    return Array.isArray(list) ? list.map((item) => this.view(item) as JsonObject) : [];
  }
}

/** A reference the parser follows: an object whose "$ref" is a non-empty string. */
function isRef(value: unknown): value is JsonObject {
  return isObject(value) && typeof value.$ref === 'string' && value.$ref.length > 0;
}

/** The first Swagger 2.0 spec rule the definition breaks, as a violation; undefined when none. */
export function specProblem(context: ValidationContext, repairs: Repairs): Violation | undefined {
  const problem = firstProblem(new SpecReader(context.definition!, repairs), context.definition!, repairs);
  return (
    problem && {
      location: problem.at,
      message: `Not valid Swagger 2.0: ${problem.message}`,
      hint: 'Fix the definition so that it follows the Swagger 2.0 specification.',
    }
  );
}

function firstProblem(reader: SpecReader, definition: JsonObject, repairs: Repairs): Problem | undefined {
  const operationIds = new Set<unknown>();
  const paths = isObject(definition.paths) ? definition.paths : {};
  for (const path of Object.keys(paths)) {
    const item = reader.view(paths[path]);
    if (!isObject(item) || !path.startsWith('/')) continue;
    for (const method of HTTP_METHODS) {
      const operation = reader.view(item[method]);
      if (!isObject(operation)) continue;
      const at = pointer('paths', path, method);
      const name = `/paths${path}/${method}`;
      if (operation.operationId) {
        if (operationIds.has(operation.operationId))
          return { at: '/paths', message: `operationId ${JSON.stringify(operation.operationId)} is used twice.` };
        operationIds.add(operation.operationId);
      }
      const problem =
        parameterProblem(reader, definition, repairs, { item, operation, path, at, name }) ??
        responsesProblem(reader, operation, at, name);
      if (problem) return problem;
    }
  }
  const definitions = isObject(definition.definitions) ? definition.definitions : {};
  for (const name of Object.keys(definitions)) {
    const problem = missingRequired(reader, reader.view(definitions[name]), `/definitions/${name}`, '/paths');
    if (problem) return problem;
  }
  return undefined;
}

interface OperationAt {
  item: JsonObject;
  operation: JsonObject;
  path: string;
  /** The operation's JSON pointer, and its name in messages ("/paths/x/get"). */
  at: string;
  name: string;
}

const parameterKey = (parameter: JsonObject) => JSON.stringify([parameter.in, parameter.name]);

/** The first parameter named twice in one location in a list (by the first of the pair). */
function duplicateIn(parameters: JsonObject[]): JsonObject | undefined {
  const count = new Map<string, number>();
  for (const parameter of parameters) count.set(parameterKey(parameter), (count.get(parameterKey(parameter)) ?? 0) + 1);
  return parameters.find((parameter) => count.get(parameterKey(parameter))! > 1);
}

function parameterProblem(
  reader: SpecReader,
  definition: JsonObject,
  repairs: Repairs,
  target: OperationAt,
): Problem | undefined {
  const pathParameters = reader.list(target.item.parameters);
  const ownParameters = reader.list(target.operation.parameters);
  for (const list of [pathParameters, ownParameters]) {
    const twice = duplicateIn(list);
    if (twice)
      return {
        at: '/paths',
        message: `more than one ${String(twice.in)} parameter is named "${String(twice.name)}".`,
      };
  }
  // The operation's own parameters, then the path's that it does not redefine.
  const own = new Set(ownParameters.map(parameterKey));
  const parameters = [...ownParameters, ...pathParameters.filter((parameter) => !own.has(parameterKey(parameter)))];
  return (
    bodyProblem(parameters, target) ??
    pathVariableProblem(parameters, target) ??
    parameterTypeProblem(reader, definition, repairs, parameters, target)
  );
}

function bodyProblem(parameters: JsonObject[], { at, name }: OperationAt): Problem | undefined {
  const bodies = parameters.filter((parameter) => parameter.in === 'body').length;
  if (bodies > 1) return { at, message: `${name} has ${bodies} body parameters; a request has one body.` };
  if (bodies > 0 && parameters.some((parameter) => parameter.in === 'formData'))
    return { at, message: `${name} has both a body parameter and form data parameters; use one or the other.` };
  return undefined;
}

function pathVariableProblem(parameters: JsonObject[], { path, at, name }: OperationAt): Problem | undefined {
  const variables: string[] = `/paths${path}`.match(PATH_VARIABLE) ?? [];
  const repeated = variables.find((variable, position) => variables.indexOf(variable, position + 1) !== -1);
  if (repeated) return { at, message: `${name} names the path variable ${repeated} more than once.` };
  for (const parameter of parameters.filter((candidate) => candidate.in === 'path')) {
    if (parameter.required !== true)
      return {
        at,
        message: `the path parameter "${String(parameter.name)}" of ${name} is optional; path parameters must have "required": true.`,
      };
    const position = variables.indexOf(`{${String(parameter.name)}}`);
    if (position === -1)
      return {
        at,
        message: `${name} has a path parameter "${String(parameter.name)}", but the path has no {${String(parameter.name)}}.`,
      };
    variables.splice(position, 1);
  }
  if (variables.length > 0) return { at, message: `${name} is missing path parameter(s) for ${variables.join(', ')}.` };
  return undefined;
}

function parameterTypeProblem(
  reader: SpecReader,
  definition: JsonObject,
  repairs: Repairs,
  parameters: JsonObject[],
  { operation, at, name }: OperationAt,
): Problem | undefined {
  for (const parameter of parameters) {
    const parameterName = `${name}/parameters/${String(parameter.name)}`;
    const schema = parameter.in === 'body' ? reader.view(parameter.schema) : parameter;
    if (!isObject(schema)) continue; // a body without a schema is the schema phase's finding
    const types =
      parameter.in === 'body'
        ? SCHEMA_TYPES
        : parameter.in === 'formData'
          ? [...PRIMITIVE_TYPES, 'file']
          : PRIMITIVE_TYPES;
    const problem = typeProblem(schema, parameterName, types, at) ?? missingRequired(reader, schema, parameterName, at);
    if (problem) return problem;
    if (schema.type !== 'file' || repairs.formConsumers.has(at)) continue;
    const consumes = operation.consumes || definition.consumes || [];
    const forms =
      Array.isArray(consumes) &&
      consumes.some((type) => FORM_DATA.test(String(type)) || URL_ENCODED.test(String(type)));
    if (!forms)
      return {
        at,
        message: `${name} has a file parameter, so it must consume multipart/form-data or application/x-www-form-urlencoded.`,
      };
  }
  return undefined;
}

function responsesProblem(reader: SpecReader, operation: JsonObject, at: string, name: string): Problem | undefined {
  const responses = isObject(operation.responses) ? operation.responses : {};
  for (const code of Object.keys(responses)) {
    const response = (reader.view(responses[code]) || {}) as JsonObject;
    const responseName = `${name}/responses/${code}`;
    const status = Number(code);
    if (code !== 'default' && (status < 100 || status > 599))
      return { at, message: `${responseName} has an invalid response code (${code}).` };
    const headers = isObject(response.headers) ? response.headers : {};
    for (const header of Object.keys(headers)) {
      const value = reader.view(headers[header]);
      const problem = isObject(value)
        ? typeProblem(value, `${responseName}/headers/${header}`, PRIMITIVE_TYPES, at)
        : undefined;
      if (problem) return problem;
    }
    const schema = reader.view(response.schema);
    if (!isObject(schema)) continue;
    const types = [...SCHEMA_TYPES, 'file'];
    if (!types.includes(schema.type))
      return { at, message: `${responseName} has an invalid response schema type (${String(schema.type)}).` };
    const problem = typeProblem(schema, `${responseName}/schema`, types, at);
    if (problem) return problem;
  }
  return undefined;
}

function typeProblem(schema: JsonObject, name: string, types: readonly unknown[], at: string): Problem | undefined {
  if (!types.includes(schema.type)) return { at, message: `${name} has an invalid type (${String(schema.type)}).` };
  if (schema.type === 'array' && !schema.items)
    return { at, message: `${name} is an array, so it must include an "items" schema.` };
  return undefined;
}

/** A name an object schema requires that neither it nor its allOf parts (through $refs) define. */
function missingRequired(reader: SpecReader, schema: unknown, name: string, at: string): Problem | undefined {
  if (!isObject(schema) || !Array.isArray(schema.required)) return undefined;
  const type = schema.type;
  if (Array.isArray(type) ? !type.includes('object') : type !== 'object') return undefined;
  // A plain object, as the parser collects them: a name Object.prototype has counts as defined.
  const properties: Record<string, unknown> = {};
  const seen = new Set<unknown>();
  // Each part once, by the object written in the file (a view of a $ref is made anew each time).
  const pending: Array<[written: unknown, part: unknown]> = [[schema, schema]];
  while (pending.length > 0) {
    const [written, part] = pending.pop()!;
    if (!isObject(part) || seen.has(written)) continue;
    seen.add(written);
    if (isObject(part.properties))
      for (const key of Object.keys(part.properties)) properties[key] = part.properties[key];
    if (Array.isArray(part.allOf))
      for (let index = part.allOf.length - 1; index >= 0; index--)
        pending.push([part.allOf[index], reader.view(part.allOf[index])]);
  }
  const missing = schema.required.find((required) => !properties[required as string]);
  return missing === undefined
    ? undefined
    : { at, message: `the property '${String(missing)}' is listed as required but does not exist in '${name}'.` };
}
