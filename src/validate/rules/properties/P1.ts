import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { type ErrorObject, type ValidateFunction } from 'ajv';
import { pointer } from '../../../shared/json-pointer.ts';
import { quote } from '../text.ts';
import { cachedValidator } from '../../../shared/schema-cache.ts';

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

export default defineRule({
  id: 'P1',
  severity: 'error',
  file: CONNECTOR_FILES.properties,
  description: 'apiProperties.json has the structure of the published paconn schema (scriptOperations accepted).',
  evidence:
    'a missing required member ("properties", iconBrandColor) flags 0 of 618 certified connectors; unknown settings and values of another type or outside the list flag 8 (e.g. "script", "stackowner"): warnings',
  notes:
    "Checked against the project's own schema; the test suite also checks the package against Microsoft's published schema.",
  check: structure,
});
