import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse, type ParseError } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { MINIMAL_FIXTURE, REFERENCE_DIR, REPO_ROOT, rootPackageExists } from './helpers.ts';

// Microsoft's published schemas stay outside the repository; the validator never needs them,
// but the package must pass them where they are available.
const SCHEMA_DIR = path.join(REFERENCE_DIR, 'power-platform-schemas');
const DEFINITION_SCHEMA = path.join(SCHEMA_DIR, 'apiDefinition.swagger.schema.json');
const PROPERTIES_SCHEMA = path.join(SCHEMA_DIR, 'paconn-apiProperties.schema.json');
const schemasPresent = existsSync(DEFINITION_SCHEMA) && existsSync(PROPERTIES_SCHEMA);

const require = createRequire(import.meta.url);
// CommonJS module whose default export TypeScript's NodeNext typing misreads.
const AjvDraft04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;

async function readJsonc(file: string): Promise<Record<string, unknown>> {
  const errors: ParseError[] = [];
  const value = parse(await readFile(file, 'utf8'), errors, { allowTrailingComma: true });
  expect(errors, `${file} should parse as JSONC`).toEqual([]);
  return value as Record<string, unknown>;
}

/** The apiProperties schema declares draft-07 but names itself with draft-04's "id". */
async function readDraft07Schema(file: string): Promise<object> {
  const { id, ...schema } = await readJsonc(file);
  return schema.$id === undefined && id !== undefined ? { $id: id, ...schema } : schema;
}

const describeErrors = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`).join('\n');

/** The one tolerated difference: the service accepts scriptOperations, the schema omits it. */
const isScriptOperations = (error: ErrorObject) =>
  error.keyword === 'additionalProperties' &&
  error.instancePath === '/properties' &&
  (error.params as { additionalProperty?: string }).additionalProperty === 'scriptOperations';

let definitionValidator: ValidateFunction | undefined;
async function definitionSchema(): Promise<ValidateFunction> {
  if (!definitionValidator) {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats.default(ajv);
    definitionValidator = ajv.compile(await readJsonc(DEFINITION_SCHEMA));
  }
  return definitionValidator;
}

let propertiesValidator: ValidateFunction | undefined;
async function propertiesSchema(): Promise<ValidateFunction> {
  if (!propertiesValidator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    propertiesValidator = ajv.compile(await readDraft07Schema(PROPERTIES_SCHEMA));
  }
  return propertiesValidator;
}

const folders: Array<[string, string]> = [['minimal fixture', MINIMAL_FIXTURE]];
if (rootPackageExists()) folders.push(['repository package', REPO_ROOT]);

describe.skipIf(!schemasPresent)(`Microsoft's published schemas (${SCHEMA_DIR})`, () => {
  it.each(folders)('the %s passes apiDefinition.swagger.schema.json (draft-04)', async (_name, folder) => {
    const validate = await definitionSchema();
    const definition = JSON.parse(await readFile(path.join(folder, 'apiDefinition.swagger.json'), 'utf8'));
    expect(validate(definition), describeErrors(validate.errors)).toBe(true);
  });

  it.each(folders)('the %s passes paconn-apiProperties.schema.json (draft-07) apart from scriptOperations', async (_name, folder) => {
    const validate = await propertiesSchema();
    const properties = JSON.parse(await readFile(path.join(folder, 'apiProperties.json'), 'utf8'));
    validate(properties);
    const errors = (validate.errors ?? []).filter((error) => !isScriptOperations(error));
    expect(errors, describeErrors(errors)).toEqual([]);
  });

  it('the schema checks fail on a defect, so a pass above means something', async () => {
    const properties = JSON.parse(await readFile(path.join(MINIMAL_FIXTURE, 'apiProperties.json'), 'utf8'));
    properties.properties.connectionParameters.api_key.type = 'password';
    expect(await propertiesSchema().then((validate) => validate(properties))).toBe(false);
    const definition = JSON.parse(await readFile(path.join(MINIMAL_FIXTURE, 'apiDefinition.swagger.json'), 'utf8'));
    definition.paths['/tasks'].post.parameters[1]['x-ms-visibility'] = 'hidden';
    expect(await definitionSchema().then((validate) => validate(definition))).toBe(false);
  });
});

if (!schemasPresent) {
  describe('Microsoft\'s published schemas', () => {
    it.skip(`skipped: ${SCHEMA_DIR} is absent (CI provides it at ../shared/reference beside the clone)`, () => {});
  });
}
