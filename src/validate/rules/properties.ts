import type { ErrorObject, ValidateFunction } from 'ajv';
import {
  CONNECTOR_FILES,
  allConnectionParameters,
  connectionParameterReferences,
  policyTemplates,
} from '../../connector-folder/index.ts';
import { isObject } from '../../shared/json.ts';
import { pointer } from '../../shared/json-pointer.ts';
import type { Rule, ValidationContext, Violation } from '../types.ts';
import { BRAND_COLOUR_PATTERN, REFUSED_BRAND_COLOURS } from '../../shared/certification.ts';
import { quote } from './text.ts';
import { cachedValidator } from '../../shared/schema-cache.ts';

const FILE = CONNECTOR_FILES.properties;

/**
 * The project's own description of apiProperties.json: the structure of Microsoft's published
 * paconn schema (kept outside the repository) plus `scriptOperations`, which the service accepts.
 */
const API_PROPERTIES_SCHEMA = {
  type: 'object',
  required: ['properties'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    properties: {
      type: 'object',
      required: ['iconBrandColor'],
      additionalProperties: false,
      properties: {
        iconBrandColor: { type: 'string' },
        publisher: { type: 'string' },
        stackOwner: { type: 'string' },
        capabilities: { type: 'array', items: { type: 'string' } },
        connectionParameters: { type: 'object', additionalProperties: { $ref: '#/definitions/connectionParameter' } },
        connectionParameterSets: {
          type: 'object',
          required: ['values'],
          additionalProperties: false,
          properties: {
            uiDefinition: { type: 'object' },
            values: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['name', 'parameters'],
                additionalProperties: false,
                properties: {
                  name: { type: 'string', minLength: 1 },
                  uiDefinition: { type: 'object' },
                  metadata: { type: 'object' },
                  parameters: { type: 'object', additionalProperties: { $ref: '#/definitions/connectionParameter' } },
                },
              },
            },
          },
        },
        policyTemplateInstances: {
          type: 'array',
          items: {
            type: 'object',
            required: ['templateId', 'title', 'parameters'],
            properties: { templateId: { type: 'string' }, title: { type: 'string' }, parameters: { type: 'object' } },
          },
        },
        scriptOperations: { type: 'array', items: { type: 'string' } },
      },
    },
  },
  definitions: {
    connectionParameter: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: {
        type: {
          enum: ['string', 'securestring', 'int', 'bool', 'oauthSetting', 'gatewaySetting', 'clientCertificate'],
        },
        allowedValues: { type: 'array' },
        defaultValue: { type: 'string' },
        metadata: { type: 'object' },
        oAuthSettings: { type: 'object' },
        // Microsoft's SMS Events connector spells it so in a parameter set, and is certified.
        oauthSettings: { type: 'object' },
        uiDefinition: {
          type: 'object',
          additionalProperties: false,
          properties: {
            displayName: { type: 'string' },
            description: { type: 'string' },
            tooltip: { type: 'string' },
            tabIndex: { type: 'integer' },
            constraints: { type: 'object' },
          },
        },
      },
    },
  },
} as const;

let compiled: ValidateFunction | undefined;
function schemaValidator(): ValidateFunction {
  compiled ??= cachedValidator(API_PROPERTIES_SCHEMA, 'draft-07', { allErrors: true, strict: false });
  return compiled;
}

/** Only a missing required member stays an error: certified connectors carry the other departures (see P1's evidence). */
function describeSchemaError(error: ErrorObject): Violation {
  const params = error.params as { additionalProperty?: string; missingProperty?: string; allowedValues?: unknown[] };
  if (params.additionalProperty) {
    return {
      severity: 'warning',
      location: error.instancePath + pointer(params.additionalProperty),
      message: `"${params.additionalProperty}" is not a known apiProperties setting here.`,
      hint: 'Remove it or fix its spelling (see the paconn apiProperties schema).',
    };
  }
  if (params.missingProperty) {
    return {
      location: error.instancePath || '/',
      message: `"${params.missingProperty}" is required here.`,
      hint: `Add "${params.missingProperty}".`,
    };
  }
  if (params.allowedValues) {
    return {
      severity: 'warning',
      location: error.instancePath,
      message: `The value is not allowed; expected one of ${params.allowedValues.map(quote).join(', ')}.`,
      hint: 'Use one of the listed values.',
    };
  }
  return {
    severity: 'warning',
    location: error.instancePath || '/',
    message: `The value ${error.message ?? 'is invalid'}.`,
    hint: 'Fix the value to match the apiProperties format.',
  };
}

function structure(context: ValidationContext): Violation[] {
  if (!context.properties) return [];
  const validate = schemaValidator();
  return validate(context.properties) ? [] : (validate.errors ?? []).map(describeSchemaError);
}

function settings(context: ValidationContext): Record<string, unknown> | undefined {
  return isObject(context.properties?.properties) ? context.properties.properties : undefined;
}

function brandColour(context: ValidationContext): Violation[] {
  const values = settings(context);
  if (!values) return [];
  const colour = values.iconBrandColor;
  const at = '/properties/iconBrandColor';
  if (typeof colour !== 'string' || !BRAND_COLOUR_PATTERN.test(colour)) {
    return [
      {
        location: at,
        message: `iconBrandColor ${colour === undefined ? 'is missing' : `${quote(colour)} is not a hex colour`}.`,
        hint: 'Give the icon background colour as "#RRGGBB", e.g. "#0b5394".',
      },
    ];
  }
  const refused = REFUSED_BRAND_COLOURS[colour.toLowerCase()];
  if (refused) {
    return [
      {
        severity: 'warning',
        location: at,
        message: `iconBrandColor ${quote(colour)} is ${refused}, which certification rejects.`,
        hint: 'Use the brand colour of the icon background instead.',
      },
    ];
  }
  return [];
}

function publisher(context: ValidationContext): Violation[] {
  const values = settings(context);
  if (!values) return [];
  return (['publisher', 'stackOwner'] as const).flatMap((key): Violation[] =>
    typeof values[key] === 'string' && (values[key] as string).trim() !== ''
      ? []
      : [
          {
            location: `/properties/${key}`,
            message: `${key} is missing.`,
            hint:
              key === 'publisher'
                ? 'Name who publishes the connector.'
                : 'Name who owns the service behind the connector (e.g. "Microsoft").',
          },
        ],
  );
}

const SECRET_WORDS =
  /secret|password|passwd|api[_\s-]?key|access[_\s-]?key|connection[_\s-]?string|token|credential|private[_\s-]?key/i;

/** Every connection parameter, at the top level and in each connectionParameterSet. */
function connectionParameters(context: ValidationContext): Violation[] {
  if (!context.properties) return [];
  return allConnectionParameters(context.properties).flatMap(
    ({ name, definition, displayName, pointer: at }): Violation[] => {
      const violations: Violation[] = [];
      // The published schema also accepts "<name>:<name>" forms such as "token:TenantId".
      if (!/^[0-9a-zA-Z_]+(:[0-9a-zA-Z_]+)?$/.test(name)) {
        violations.push({
          location: at,
          message: `Connection parameter name ${quote(name)} may only hold letters, digits and "_".`,
          hint: 'Rename it, e.g. "api_key".',
        });
      }
      // "token:TenantId" and similar claim forms name what follows the colon.
      const label = `${name.slice(name.lastIndexOf(':') + 1)} ${displayName ?? ''}`;
      if (definition.type === 'string' && SECRET_WORDS.test(label)) {
        violations.push({
          location: `${at}/type`,
          message: `Connection parameter "${name}" holds a secret but has type "string", so it would be shown and stored in clear text.`,
          hint: 'Set "type": "securestring".',
        });
      }
      return violations;
    },
  );
}

/** Each `@connectionParameters('name')` in a policy names a parameter of the connector (letter case aside, as the platform matches). */
function policyReferences(context: ValidationContext): Violation[] {
  if (!context.properties) return [];
  const known = new Map(
    allConnectionParameters(context.properties).map((parameter) => [parameter.name.toLowerCase(), parameter.name]),
  );
  return policyTemplates(context.properties).flatMap((policy): Violation[] =>
    Object.entries(policy.parameters).flatMap(([key, value]): Violation[] => {
      if (typeof value !== 'string') return [];
      return connectionParameterReferences(value)
        .filter(({ name }) => !known.has(name.toLowerCase()))
        .map(({ name }) => ({
          location: `${policy.pointer}/parameters${pointer(key)}`,
          message: `The policy ${quote(policy.title ?? policy.templateId)} uses the connection parameter ${quote(name)}, which the connector does not define, so it always gets the default.`,
          hint:
            known.size > 0
              ? `Use one of: ${[...known.values()].join(', ')}.`
              : 'Define the connection parameter, or remove the reference.',
        }));
    }),
  );
}

function scriptOperations(context: ValidationContext): Violation[] {
  const listed = settings(context)?.scriptOperations;
  if (!Array.isArray(listed) || !context.definition) return [];
  const known = new Set(
    context.operations
      .map(({ operation }) => operation.operationId)
      .filter((id): id is string => typeof id === 'string'),
  );
  return listed.flatMap((name, index): Violation[] =>
    known.has(name)
      ? []
      : [
          {
            location: `/properties/scriptOperations/${index}`,
            message: `scriptOperations names ${quote(name)}, which is not an operationId of ${CONNECTOR_FILES.definition}.`,
            hint: `Use one of: ${[...known].join(', ') || '(no operations defined)'}.`,
          },
        ],
  );
}

export const propertiesRules: Rule[] = [
  {
    id: 'P1',
    severity: 'error',
    file: FILE,
    description: 'apiProperties.json has the structure of the published paconn schema (scriptOperations accepted).',
    evidence:
      'a missing required member ("properties", iconBrandColor) flags 0 of 618 certified connectors; unknown settings and values of another type or outside the list flag 8 (e.g. "script", "stackowner"): warnings',
    notes:
      "Checked against the project's own schema; the test suite also checks the package against Microsoft's published schema.",
    check: structure,
  },
  {
    id: 'P2',
    severity: 'error',
    file: FILE,
    description: 'iconBrandColor is "#RRGGBB", not #ffffff and not #007ee5 (any case).',
    evidence:
      'a missing or malformed colour flags 0 of 618 certified connectors; white or the default blue flags 4 (certification refuses them, the platform does not): warnings',
    notes: 'Whether it matches the icon background is ICON5.',
    check: brandColour,
  },
  {
    id: 'P3',
    severity: 'warning',
    file: FILE,
    description: 'publisher and stackOwner are present (certification).',
    evidence: 'certification guidance: flags 72 of 618 certified connectors',
    check: publisher,
  },
  {
    id: 'P4',
    severity: 'warning',
    file: FILE,
    description:
      'Connection parameter names match ^[0-9a-zA-Z_]+$ (or name:part); a secret is a securestring, at the top level and in every connection parameter set.',
    evidence:
      'certification guidance: flags 12 of 618 certified connectors (11 keep a secret-sounding parameter as "string")',
    notes:
      'A parameter counts as secret when its name or display name speaks of a key, secret, password, token, credential or connection string.',
    check: connectionParameters,
  },
  {
    id: 'P5',
    severity: 'warning',
    file: FILE,
    description:
      "A policy template's @connectionParameters(…) names a connection parameter of the connector (top level or any parameter set), letter case aside.",
    evidence:
      'flags 1 of 618 certified connectors (Jupyrest names no parameter); 5 more of the 279 references differ from their parameter only in letter case, which the platform matches',
    check: policyReferences,
  },
  {
    id: 'SOP1',
    severity: 'warning',
    file: FILE,
    description: 'scriptOperations names only operationIds of the definition.',
    evidence: 'flags 2 of 618 certified connectors: the platform ignores an unknown name',
    check: scriptOperations,
  },
];
