import type { OpenAPIV2 } from 'openapi-types';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { checkAgainstSchema, emptyRequiredStrings } from './schema-check.ts';
import { applyPolicies, chooseParameterSet, connectionStringSet, type ConnectionInput } from './policies.ts';
import { findOperation, type ConnectorDefinition, type OperationDefinition } from './definition.ts';

export interface OperationInputs {
  /** Path, query and header parameters by name, as text (as a maker types them). */
  parameters?: Record<string, string>;
  /** The request body as JSON text; undefined when none is given. */
  body?: string;
  /** The connection: its sign-in kind (parameter set) and values. */
  connection?: ConnectionInput;
  /** Shorthand for a connection of the connector's one-secret sign-in kind (the ACS connection string). */
  connectionString?: string;
}

export interface PlatformRequest {
  operationId: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  /** Policy templates the local runtime does not apply (reported, never silently dropped). */
  skippedPolicies: string[];
}

/** Inputs that Power Platform would refuse before calling the connector; `problems` name the fields. */
export class InputError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join(' '));
    this.name = 'InputError';
    this.problems = problems;
  }
}

/**
 * Builds the HTTP request for an operation as Power Platform does from the connector definition:
 * https://{host}{basePath}{path}, path parameters encoded per x-ms-url-encoding, query parameters
 * in definition order (internal ones from their defaults), then the connection's policy templates
 * and, for a connector with an apiKey security definition, the key in the header it names. The
 * bearer token of an OAuth sign-in is added by the runtime, which fetches it.
 */
export function buildPlatformRequest(
  definition: ConnectorDefinition,
  operationId: string,
  inputs: OperationInputs,
): PlatformRequest {
  const operation = findOperation(definition, operationId);
  const given = inputs.parameters ?? {};
  const problems: string[] = [];

  const known = new Set(operation.parameters.filter((p) => p.in !== 'body').map((p) => p.name));
  for (const name of Object.keys(given)) {
    if (!known.has(name)) {
      problems.push(
        `"${name}" is not a parameter of ${operationId}; it takes ${[...known].map((n) => `"${n}"`).join(', ') || 'no parameters'}.`,
      );
    }
  }

  let path = operation.pathTemplate;
  const query: string[] = [];
  const headers: Record<string, string> = {};
  for (const parameter of operation.parameters) {
    if (parameter.in === 'body' || parameter.in === 'formData') continue;
    const general = parameter as OpenAPIV2.GeneralParameterObject;
    const value = parameterValue(general, given, problems);
    if (value === undefined) continue;
    if (parameter.in === 'path') {
      path = path.replace(`{${parameter.name}}`, encodePathValue(value, general));
    } else if (parameter.in === 'query') {
      query.push(`${encodeURIComponent(parameter.name)}=${encodeURIComponent(value)}`);
    } else if (parameter.in === 'header') {
      headers[parameter.name] = value;
    }
  }

  const body = bodyFor(definition, operation, inputs.body, problems);
  if (problems.length > 0) throw new InputError(problems);

  if (body !== null) headers['Content-Type'] = 'application/json';

  const swagger = definition.swagger;
  const scheme = swagger.schemes?.includes('https') ? 'https' : (swagger.schemes?.[0] ?? 'https');
  const basePath = (swagger.basePath ?? '/').replace(/\/$/, '');
  const draft = {
    operationId,
    url: new URL(`${scheme}://${swagger.host}${basePath}${path}${query.length > 0 ? `?${query.join('&')}` : ''}`),
    headers,
  };
  let skippedPolicies: string[] = [];
  const connection = connectionOf(definition, inputs);
  if (connection) {
    chooseParameterSet(definition.apiProperties, connection);
    skippedPolicies = applyPolicies(definition.apiProperties, draft, connection.values);
    const key = apiKeyHeader(definition, connection.values);
    if (key) headers[key.name] = key.value;
  }
  // URL keeps the platform's escaping of the path as written (e.g. %3A stays %3A).
  return { operationId, method: operation.method, url: draft.url.href, headers, body, skippedPolicies };
}

/** The connection of the inputs; `connectionString` means the sign-in kind whose one parameter is a secret. */
export function connectionOf(definition: ConnectorDefinition, inputs: OperationInputs): ConnectionInput | undefined {
  if (inputs.connection) return inputs.connection;
  if (inputs.connectionString === undefined) return undefined;
  const set = connectionStringSet(definition.apiProperties);
  if (!set) {
    throw new UserError('This connector has no sign-in kind that takes a connection string alone.', {
      hint: 'Give the values of one of its connection parameter sets instead.',
      exitCode: EXIT_STATUS.usage,
    });
  }
  return { parameterSet: set.name, values: { [set.parameters[0]!.name]: inputs.connectionString } };
}

/** An apiKey security definition: the platform sends the parameter of that name in the header it names. */
function apiKeyHeader(
  definition: ConnectorDefinition,
  values: Record<string, string>,
): { name: string; value: string } | undefined {
  for (const [key, scheme] of Object.entries(definition.swagger.securityDefinitions ?? {})) {
    if (scheme.type !== 'apiKey' || scheme.in !== 'header') continue;
    const value = values[key] ?? Object.values(values)[0];
    if (value !== undefined) return { name: scheme.name, value };
  }
  return undefined;
}

function parameterValue(
  parameter: OpenAPIV2.GeneralParameterObject,
  given: Record<string, string>,
  problems: string[],
): string | undefined {
  const label = `"${parameter.name}" (${String(parameter['x-ms-summary'] ?? parameter.name)})`;
  const raw = given[parameter.name];
  if (raw === undefined) {
    // Makers never see internal parameters: the platform sends their defaults.
    if (parameter.default !== undefined && (parameter.required || parameter['x-ms-visibility'] === 'internal')) {
      return String(parameter.default);
    }
    if (parameter.required) problems.push(`${label} is required.`);
    return undefined;
  }
  if (parameter.required && raw === '') {
    problems.push(`${label} is required and cannot be empty.`);
    return undefined;
  }
  if (parameter.type === 'integer' || parameter.type === 'number') {
    const number = Number(raw);
    const whole = parameter.type === 'integer' ? Number.isInteger(number) : Number.isFinite(number);
    if (raw.trim() === '' || !whole) {
      problems.push(`${label} must be ${parameter.type === 'integer' ? 'a whole number' : 'a number'}; got "${raw}".`);
      return undefined;
    }
    if (parameter.minimum !== undefined && number < parameter.minimum)
      problems.push(`${label} must be at least ${parameter.minimum}; got ${raw}.`);
    if (parameter.maximum !== undefined && number > parameter.maximum)
      problems.push(`${label} must be at most ${parameter.maximum}; got ${raw}.`);
  }
  if (parameter.type === 'boolean' && raw !== 'true' && raw !== 'false') {
    problems.push(`${label} must be true or false; got "${raw}".`);
  }
  if (parameter.enum && !parameter.enum.map(String).includes(raw)) {
    problems.push(`${label} must be one of: ${parameter.enum.map(String).join(', ')}; got "${raw}".`);
  }
  return raw;
}

function encodePathValue(value: string, parameter: OpenAPIV2.GeneralParameterObject): string {
  const once = encodeURIComponent(value);
  return parameter['x-ms-url-encoding'] === 'double' ? encodeURIComponent(once) : once;
}

function bodyFor(
  definition: ConnectorDefinition,
  operation: OperationDefinition,
  bodyText: string | undefined,
  problems: string[],
): string | null {
  const parameter = operation.parameters.find((p): p is OpenAPIV2.InBodyParameterObject => p.in === 'body');
  if (!parameter) {
    if (bodyText !== undefined) problems.push(`${operation.operationId} takes no body; remove it.`);
    return null;
  }
  if (bodyText === undefined) {
    if (parameter.required) problems.push(`The body is required for ${operation.operationId}.`);
    return null;
  }
  let value: unknown;
  try {
    value = JSON.parse(bodyText);
  } catch (error) {
    problems.push(
      `The body is not valid JSON (${(error as Error).message}); give a JSON object such as {"scopes":["chat"]}.`,
    );
    return null;
  }
  problems.push(...checkAgainstSchema(definition.swagger, parameter.schema, value, 'body'));
  problems.push(...emptyRequiredStrings(definition.swagger, parameter.schema, value, 'body'));
  // The platform serialises the body itself: compact JSON of what the maker entered.
  return JSON.stringify(value);
}
