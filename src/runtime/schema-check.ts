import type { ErrorObject, ValidateFunction } from 'ajv';
import type { OpenAPIV2 } from 'openapi-types';
import { dereference } from '../connector-folder/index.ts';
import { describeCycle, refCycles } from '../shared/ref-cycles.ts';
import { cachedValidator } from '../shared/schema-cache.ts';

const compiled = new WeakMap<object, ValidateFunction | { uncheckable: string }>();

/**
 * Checks a value against a schema of the definition; returns readable problems (empty = fine).
 * A schema that cannot be checked (a $ref cycle that defines nothing) is one problem saying so,
 * never a crash: `validate` reports the cycle as SW3.
 */
export function checkAgainstSchema(
  swagger: OpenAPIV2.Document,
  schema: OpenAPIV2.SchemaObject,
  value: unknown,
  rootName: string,
): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      // Local $refs (#/definitions/…) resolve against this wrapper, which carries the definitions.
      // Swagger 2.0 schemas are a dialect of JSON Schema draft-04; x-ms-* keywords are ignored.
      // Cached on disk: a one-off `invoke` would otherwise load and run Ajv's compiler every time.
      validate = cachedValidator({ ...schema, definitions: swagger.definitions ?? {} }, 'draft-04', {
        strict: false,
        allErrors: true,
        validateFormats: false,
      });
    } catch (error) {
      validate = { uncheckable: whyUncheckable(swagger, error) };
    }
    compiled.set(schema, validate);
  }
  if (!(validate instanceof Function))
    return [`${rootName} could not be checked against its schema: ${validate.uncheckable}`];
  try {
    if (validate(value)) return [];
  } catch (error) {
    return [`${rootName} could not be checked against its schema: ${whyUncheckable(swagger, error)}`];
  }
  return (validate.errors ?? []).map((error) => describe(error, rootName));
}

function whyUncheckable(swagger: OpenAPIV2.Document, error: unknown): string {
  const cycle = refCycles(swagger)[0];
  if (cycle)
    return `the definition has a $ref cycle that defines nothing (${describeCycle(cycle)}); run acs-connector validate.`;
  return `${error instanceof Error ? error.message : String(error)}; run acs-connector validate.`;
}

function describe(error: ErrorObject, rootName: string): string {
  const field = rootName + error.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.');
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${field}.${String(params.missingProperty)} is required.`;
    case 'enum':
      return `${field} must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}.`;
    case 'minimum':
    case 'maximum':
      return `${field} ${error.message ?? 'is out of range'}.`;
    case 'additionalProperties':
      return `${field} has an unexpected field "${String(params.additionalProperty)}".`;
    default:
      return `${field} ${error.message ?? 'is not valid'}.`;
  }
}

/**
 * Required text fields left empty, as the designer refuses them ("'Teams User Access Token' is
 * required"): JSON Schema alone accepts "" for a required string. Walks the value iteratively;
 * local $refs are followed a bounded number of times, so a $ref cycle cannot loop.
 */
export function emptyRequiredStrings(
  swagger: OpenAPIV2.Document,
  schema: OpenAPIV2.SchemaObject,
  value: unknown,
  rootName: string,
): string[] {
  const problems: string[] = [];
  const pending: Array<{ schema: OpenAPIV2.SchemaObject | undefined; value: unknown; field: string }> = [
    { schema, value, field: rootName },
  ];
  while (pending.length > 0) {
    const { schema: raw, value: current, field } = pending.pop()!;
    const node = resolveSchema(swagger, raw);
    if (!node || current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      const items = Array.isArray(node.items) ? undefined : (node.items as OpenAPIV2.SchemaObject | undefined);
      current.forEach((item, index) => pending.push({ schema: items, value: item, field: `${field}[${index}]` }));
      continue;
    }
    const record = current as Record<string, unknown>;
    for (const [name, property] of Object.entries(node.properties ?? {})) {
      if (!Object.hasOwn(record, name)) continue;
      const child = resolveSchema(swagger, property);
      if (record[name] === '' && child?.type === 'string' && node.required?.includes(name)) {
        const summary = child['x-ms-summary'];
        problems.push(
          `${field}.${name}${typeof summary === 'string' ? ` (${summary})` : ''} is required and cannot be empty.`,
        );
      } else {
        pending.push({ schema: property, value: record[name], field: `${field}.${name}` });
      }
    }
  }
  return problems.sort();
}

/** The schema a (chain of) local $ref(s) leads to; undefined when it leads nowhere. */
function resolveSchema(
  swagger: OpenAPIV2.Document,
  schema: OpenAPIV2.SchemaObject | undefined,
): OpenAPIV2.SchemaObject | undefined {
  return dereference(swagger, schema, '')?.node;
}
