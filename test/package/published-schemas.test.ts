import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type ErrorObject } from 'ajv';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

// Both packages are CommonJS with a default export; require gives the class and function typed right.
const require = createRequire(import.meta.url);
const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

const SCHEMAS = resolve(REPOSITORY_ROOT, '../shared/reference/power-platform-schemas');
const haveSchemas = existsSync(SCHEMAS);
if (!haveSchemas) console.warn(`skipping the published-schema checks: ${SCHEMAS} does not exist`);

function readCommitted(name: string): unknown {
  return JSON.parse(readFileSync(resolve(REPOSITORY_ROOT, name), 'utf8'));
}

function readJsonc(name: string): Record<string, unknown> {
  const errors: ParseError[] = [];
  const value = parse(readFileSync(resolve(SCHEMAS, name), 'utf8'), errors, { allowTrailingComma: true });
  if (errors.length > 0) throw new Error(`${name}: ${errors.map((e) => `${printParseErrorCode(e.error)} at ${e.offset}`).join(', ')}`);
  return value as Record<string, unknown>;
}

function compileSwaggerSchema() {
  const ajv = new AjvDraft04({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(readJsonc('apiDefinition.swagger.schema.json'));
}

function compileApiPropertiesSchema() {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  // The file names its own URI with draft-04's `id`; Ajv 8 only knows draft-07's `$id`.
  const { id, ...schema } = readJsonc('paconn-apiProperties.schema.json');
  return ajv.compile({ ...schema, $id: String(id) });
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

describe('apiDefinition.swagger.json', () => {
  it('is valid Swagger 2.0 with resolvable $refs (swagger-parser)', async () => {
    // validate() mutates its input, so give it a fresh copy.
    const api = await SwaggerParser.validate(readCommitted('apiDefinition.swagger.json') as never);
    expect(api.info.title).toBe('Azure Communication Identity');
  });

  it.skipIf(!haveSchemas)("passes Microsoft's published connector Swagger schema (draft-04)", () => {
    const validate = compileSwaggerSchema();
    const valid = validate(readCommitted('apiDefinition.swagger.json'));
    expect(describeErrors(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it.skipIf(!haveSchemas)('the published schema does catch a defect (an unknown x-ms extension)', () => {
    const validate = compileSwaggerSchema();
    const swagger = readCommitted('apiDefinition.swagger.json') as { paths: Record<string, Record<string, Record<string, unknown>>> };
    swagger.paths['/identities']!.post!['x-ms-not-an-extension'] = true;
    expect(validate(swagger)).toBe(false);
  });
});

describe('apiProperties.json', () => {
  it.skipIf(!haveSchemas)('passes the published paconn schema except for scriptOperations, which the schema omits', () => {
    const validate = compileApiPropertiesSchema();
    const properties = readCommitted('apiProperties.json');
    validate(properties);
    const findings = (validate.errors ?? []).filter(
      (error: ErrorObject) => !(error.instancePath === '/properties' && error.keyword === 'additionalProperties' && error.params.additionalProperty === 'scriptOperations'),
    );
    expect(describeErrors(findings)).toEqual([]);
    // The tolerated finding is really there: the schema alone would refuse scriptOperations.
    expect(describeErrors(validate.errors).join('\n')).toContain('scriptOperations');
  });

  it.skipIf(!haveSchemas)('the published paconn schema does catch a defect (an unknown connection parameter type)', () => {
    const validate = compileApiPropertiesSchema();
    const properties = readCommitted('apiProperties.json') as { properties: { connectionParameters: Record<string, { type: string }> } };
    properties.properties.connectionParameters['api_key']!.type = 'password';
    expect(validate(properties)).toBe(false);
  });
});
