import type { OpenAPIV2 } from 'openapi-types';
import type { ConnectorModel, FieldModel, OperationModel, ParameterModel } from './schema.ts';

type Json = Record<string, unknown>;

/**
 * The Swagger 2.0 document Power Platform imports. Keys are written in a fixed, readable order
 * (swagger, info, host… then x-ms-connector-metadata), so the output is the same on every run.
 */
export function toSwagger(model: ConnectorModel): OpenAPIV2.Document {
  const document: Json = {
    swagger: '2.0',
    info: {
      title: model.info.title,
      description: model.info.description,
      version: model.info.version,
      contact: { name: model.info.contact.name, url: model.info.contact.url, email: model.info.contact.email },
    },
    host: model.host,
    basePath: model.basePath,
    schemes: [...model.schemes],
    consumes: ['application/json'],
    produces: ['application/json'],
    paths: paths(model),
    definitions: mapValues(model.definitions, field),
    parameters: mapValues(model.parameters, parameter),
    responses: {},
    // Sign-in is in apiProperties' connectionParameterSets, as in Microsoft's multi-sign-in connectors.
    securityDefinitions: {},
    security: [],
    tags: [],
    'x-ms-connector-metadata': [
      { propertyName: 'Website', propertyValue: model.metadata.website },
      { propertyName: 'Privacy policy', propertyValue: model.metadata.privacyPolicy },
      { propertyName: 'Categories', propertyValue: model.metadata.categories.join(';') },
    ],
  };
  return document as unknown as OpenAPIV2.Document;
}

function paths(model: ConnectorModel): Json {
  const result: Json = {};
  for (const op of model.operations) {
    const item = (result[op.path] ??= {}) as Json;
    item[op.method] = operation(op);
  }
  return result;
}

function operation(op: OperationModel): Json {
  const parameters: Json[] = op.parameters.map((key) => ({ $ref: `#/parameters/${key}` }));
  if (op.body) {
    parameters.push(
      withoutUndefined({
        name: op.body.name,
        in: 'body',
        required: op.body.required,
        description: op.body.description,
        'x-ms-summary': op.body.title,
        'x-ms-visibility': op.body.visibility,
        schema: field(op.body.schema),
      }),
    );
  }
  const responses: Json = {};
  // Status codes sort numerically, which is also the order JavaScript keeps integer-like keys in.
  for (const code of Object.keys(op.responses).sort()) {
    const response = op.responses[code]!;
    responses[code] = withoutUndefined({
      description: response.description,
      schema: response.schema ? field(response.schema) : undefined,
    });
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    parameters,
    responses,
  };
}

function parameter(p: ParameterModel): Json {
  return withoutUndefined({
    name: p.name,
    in: p.in,
    required: p.required,
    type: p.type,
    format: p.format,
    default: p.default,
    description: p.description,
    'x-ms-summary': p.title,
    'x-ms-visibility': p.visibility,
    'x-ms-url-encoding': p.urlEncoding,
  });
}

function field(f: FieldModel): Json {
  return withoutUndefined({
    type: f.type,
    format: f.format,
    description: f.description,
    'x-ms-summary': f.title,
    'x-ms-visibility': f.visibility,
    required: f.required ? [...f.required] : undefined,
    properties: f.properties ? mapValues(f.properties, field) : undefined,
    items: f.items ? field(f.items) : undefined,
    enum: f.enum?.map((value) => value.value),
    'x-ms-enum-values': f.enum?.map((value) => ({ value: value.value, displayName: value.displayName })),
    minimum: f.minimum,
    maximum: f.maximum,
    default: Array.isArray(f.default) ? [...f.default] : f.default,
  });
}

function mapValues<T>(record: Record<string, T>, map: (value: T) => Json): Json {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, map(value)]));
}

function withoutUndefined(object: Json): Json {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined));
}
