import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { OpenAPIV2 } from 'openapi-types';

// Swagger 2.0 schemas are a dialect of JSON Schema draft-04; x-ms-* keywords are ignored.
const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const ajv = new Ajv04({ strict: false, allErrors: true, validateFormats: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** Checks a value against a schema of the definition; returns readable problems (empty = fine). */
export function checkAgainstSchema(
  swagger: OpenAPIV2.Document,
  schema: OpenAPIV2.SchemaObject,
  value: unknown,
  rootName: string,
): string[] {
  let validate = compiled.get(schema);
  if (!validate) {
    // Local $refs (#/definitions/…) resolve against this wrapper, which carries the definitions.
    validate = ajv.compile({ ...schema, definitions: swagger.definitions ?? {} });
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => describe(error, rootName));
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
