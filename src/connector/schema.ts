import { z } from 'zod';
import {
  BRAND_COLOUR_PATTERN,
  CONNECTOR_CATEGORIES,
  DESCRIPTION_LENGTH,
  HOST_PATTERN,
  LABEL_MAX_LENGTH,
  MAX_CATEGORIES,
  MAX_OPERATIONS,
  mentionsWord,
  productNamesIn,
  REFUSED_BRAND_COLOURS,
  RESERVED_PARAMETER_NAME,
  TITLE_FORBIDDEN_WORDS,
  TITLE_MAX_LENGTH,
  URL_ENCODINGS,
  VISIBILITIES,
} from '../shared/certification.ts';
import { isTitleCase } from '../shared/title-case.ts';
import { isOperationSummary, isSentence } from './text.ts';

/**
 * The shape of the connector model. Parsing the model with these schemas turns a slip in the
 * model (a lower-case x-ms-summary, a path parameter without encoding, a second 2xx response…)
 * into a loud failure at build time instead of a rejected certification submission.
 */

export type Visibility = (typeof VISIBILITIES)[number];

const titleCase = z
  .string()
  .min(1)
  .max(LABEL_MAX_LENGTH)
  .refine(isTitleCase, { message: 'must be Title Case (every major word capitalised), e.g. "Token Scopes"' });
const sentences = z
  .string()
  .refine(isSentence, { message: 'must be full sentences: start with a capital letter and end with punctuation' });
const httpsUrl = z.url({ protocol: /^https$/ });

const enumValue = z.strictObject({ value: z.string().min(1), displayName: titleCase });

/** A JSON value's schema, written with maker-facing names: `title` becomes x-ms-summary. */
export interface FieldModel {
  type: 'string' | 'integer' | 'boolean' | 'array' | 'object';
  title?: string | undefined;
  description?: string | undefined;
  format?: 'date-time' | 'int32' | 'password' | 'uuid' | undefined;
  visibility?: Visibility | undefined;
  enum?: Array<{ value: string; displayName: string }> | undefined;
  default?: string | number | boolean | string[] | undefined;
  minimum?: number | undefined;
  maximum?: number | undefined;
  items?: FieldModel | undefined;
  properties?: Record<string, FieldModel> | undefined;
  required?: string[] | undefined;
}

// eslint-disable-next-line max-lines-per-function -- a schema declaration: one field a line, no logic to split
export const FieldSchema: z.ZodType<FieldModel> = z.lazy(() =>
  z
    .strictObject({
      type: z.enum(['string', 'integer', 'boolean', 'array', 'object']),
      title: titleCase.optional(),
      description: sentences.optional(),
      format: z.enum(['date-time', 'int32', 'password', 'uuid']).optional(),
      visibility: z.enum(VISIBILITIES).optional(),
      enum: z.array(enumValue).min(1).optional(),
      default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
      items: FieldSchema.optional(),
      properties: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), FieldSchema).optional(),
      required: z.array(z.string()).min(1, 'omit `required` rather than leaving it empty').optional(),
    })
    .superRefine((field, ctx) => {
      if (field.type === 'array' && !field.items) ctx.addIssue({ code: 'custom', message: 'an array needs `items`' });
      if (field.type !== 'array' && field.items)
        ctx.addIssue({ code: 'custom', message: '`items` belongs to arrays only' });
      if (field.type === 'object' && !field.properties)
        ctx.addIssue({ code: 'custom', message: 'an object needs `properties`' });
      if (field.type !== 'object' && (field.properties || field.required)) {
        ctx.addIssue({ code: 'custom', message: '`properties` and `required` belong to objects only' });
      }
      for (const name of field.required ?? []) {
        if (!field.properties?.[name])
          ctx.addIssue({ code: 'custom', message: `required property "${name}" is not in properties` });
      }
      // Every property is something a maker picks or sees as dynamic content (S11, S15).
      for (const [name, property] of Object.entries(field.properties ?? {})) {
        if (!property.title || !property.description) {
          ctx.addIssue({
            code: 'custom',
            path: ['properties', name],
            message: 'a property needs a title (x-ms-summary) and a description',
          });
        }
      }
      if (field.enum && field.type !== 'string')
        ctx.addIssue({ code: 'custom', message: '`enum` belongs to strings only' });
      if (
        (field.format === 'password' || field.format === 'date-time' || field.format === 'uuid') &&
        field.type !== 'string'
      ) {
        ctx.addIssue({ code: 'custom', message: `format "${field.format}" belongs to strings only` });
      }
      if ((field.minimum !== undefined || field.maximum !== undefined) && field.type !== 'integer') {
        ctx.addIssue({ code: 'custom', message: '`minimum`/`maximum` belong to integers only' });
      }
      if (field.minimum !== undefined && field.maximum !== undefined && field.minimum > field.maximum) {
        ctx.addIssue({ code: 'custom', message: '`minimum` is greater than `maximum`' });
      }
      if (typeof field.default === 'number') {
        if (field.type !== 'integer' || !Number.isInteger(field.default))
          ctx.addIssue({ code: 'custom', message: 'the default must be an integer' });
        if (
          (field.minimum !== undefined && field.default < field.minimum) ||
          (field.maximum !== undefined && field.default > field.maximum)
        ) {
          ctx.addIssue({ code: 'custom', message: 'the default lies outside minimum..maximum' });
        }
      }
    }),
);

const parameterCommon = {
  name: z.string().min(1),
  title: titleCase,
  description: sentences,
  visibility: z.enum(VISIBILITIES).optional(),
};

const simpleParameter = z
  .strictObject({
    ...parameterCommon,
    in: z.enum(['path', 'query', 'header']),
    required: z.boolean(),
    type: z.enum(['string', 'integer']),
    default: z.union([z.string(), z.number()]).optional(),
    /** A GUID: documented for tools; script.csx checks the GUIDs it needs before sending. */
    format: z.enum(['uuid']).optional(),
    urlEncoding: z.enum(URL_ENCODINGS).optional(),
  })
  .superRefine((parameter, ctx) => {
    if (parameter.in === 'path' && !parameter.required)
      ctx.addIssue({ code: 'custom', message: 'a path parameter must be required' });
    if (parameter.in === 'path' && !parameter.urlEncoding)
      ctx.addIssue({ code: 'custom', message: 'a path parameter needs urlEncoding ("single" or "double")' });
    if (parameter.in !== 'path' && parameter.urlEncoding)
      ctx.addIssue({ code: 'custom', message: 'urlEncoding belongs to path parameters only' });
    if (parameter.name.toLowerCase() === RESERVED_PARAMETER_NAME.toLowerCase())
      ctx.addIssue({
        code: 'custom',
        message: `Power Platform reserves the parameter name "${RESERVED_PARAMETER_NAME}"`,
      });
    if (parameter.visibility === 'internal' && parameter.required && parameter.default === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'an internal required parameter needs a default, or makers could never set it',
      });
    }
  });

const bodyParameter = z.strictObject({
  ...parameterCommon,
  required: z.boolean(),
  schema: FieldSchema.refine((schema) => schema.type === 'object', { message: 'a request body must be an object' }),
});

const response = z.strictObject({
  description: sentences,
  schema: FieldSchema.optional(),
});

/** A `{name}` in a demo value: an output kept by an earlier step, or a value its sign-in gave. */
const DEMO_PLACEHOLDER = /\{([A-Za-z][\w.]*)\}/g;

/**
 * The users a demo step can have signed in by the embedded emulator's Microsoft Entra ID stand-in
 * (its `/_emulator/teamsUser:issueToken`): the delegated permissions of the token, and what a real
 * resource would need instead, for the hint when the step is skipped there.
 */
export const DEMO_SIGN_INS = {
  teamsUser: {
    permissions: ['Teams.ManageCalls', 'Teams.ManageChats'],
    needs: "a Teams user's Microsoft Entra token",
    file: 'teams-user.json',
  },
  teamsPhoneUser: {
    permissions: ['TeamsExtension.ManageCalls'],
    needs: "a Teams Phone resource account or user's Microsoft Entra token",
    file: 'teams-phone-user.json',
  },
} as const;

/**
 * How `npm start` runs the action: its inputs, the outputs later steps use, and whether it undoes
 * what an earlier step made. The steps run in the order of the operations, cleanups last (in
 * reverse), and a cleanup also runs when a later step failed, so a real resource is left as it was.
 */
const demoStep = z.strictObject({
  /** Path and query parameters by name; a value may hold placeholders. */
  parameters: z.record(z.string(), z.string()).optional(),
  /** The request body; any string in it may hold placeholders. */
  body: z.record(z.string(), z.unknown()).optional(),
  /** Outputs kept for later steps: placeholder name → dotted path in the answer's body. */
  keep: z.record(z.string().regex(/^[A-Za-z]\w*$/), z.string().min(1)).optional(),
  /** Something only the embedded emulator's Entra ID stand-in can provide (a Teams user signed in); skipped elsewhere. */
  signIn: z.enum(Object.keys(DEMO_SIGN_INS) as [keyof typeof DEMO_SIGN_INS]).optional(),
  /** Put before the outputs in the table, with placeholders. */
  label: z.string().optional(),
  /** This step deletes `thing` (a text with placeholders naming it) that an earlier step created. */
  cleanup: z.strictObject({ what: z.string().min(1), id: z.string().min(1) }).optional(),
});

export type DemoStep = z.infer<typeof demoStep>;

/** The placeholder names a demo step reads, in order of appearance. */
export function demoPlaceholders(step: DemoStep): string[] {
  const text = JSON.stringify([step.parameters ?? {}, step.body ?? {}, step.label ?? '', step.cleanup ?? {}]);
  return [...text.matchAll(DEMO_PLACEHOLDER)].map((match) => match[1]!);
}

const operation = z
  .strictObject({
    operationId: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must be alphanumeric PascalCase'),
    method: z.enum(['get', 'post', 'put', 'patch', 'delete']),
    path: z.string().regex(/^\/\S*$/, 'must start with "/"'),
    summary: z.string().refine(isOperationSummary, {
      message: 'must be sentence case, at most 80 characters, without / \\ < > * % & ? or trailing punctuation',
    }),
    description: sentences,
    /** Keys of the model's shared parameters, in the order they appear. */
    parameters: z.array(z.string()),
    body: bodyParameter.optional(),
    responses: z.record(z.string().regex(/^[1-5]\d\d$/, 'must be an HTTP status code'), response),
    /** Every action runs in `npm start`, so none can be added without being exercised. */
    demo: demoStep,
  })
  .superRefine((op, ctx) => {
    if (op.description === op.summary)
      ctx.addIssue({ code: 'custom', message: 'description must say more than the summary' });
    if (op.method === 'get' && op.body) ctx.addIssue({ code: 'custom', message: 'a GET operation cannot have a body' });
    const codes = Object.keys(op.responses);
    if (codes.filter((code) => code.startsWith('2')).length !== 1)
      ctx.addIssue({ code: 'custom', message: 'needs exactly one 2xx response' });
    if (codes.filter((code) => op.responses[code]?.schema).length > 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'only one response may carry a schema (Power Platform reads a single output shape)',
      });
    }
    for (const code of ['200', '201']) {
      if (op.responses[code] && !op.responses[code].schema)
        ctx.addIssue({ code: 'custom', message: `response ${code} returns a body and needs a schema` });
    }
    if (op.demo.body !== undefined && !op.body)
      ctx.addIssue({ code: 'custom', path: ['demo', 'body'], message: 'the operation takes no body' });
    if (op.body?.required && op.demo.body === undefined)
      ctx.addIssue({ code: 'custom', path: ['demo'], message: 'the operation needs a body: give demo.body' });
  });

/** Power Platform's connection parameter names; "name:sub" names a part of an oauthSetting. */
const connectionParameterName = z
  .string()
  .regex(/^[0-9a-zA-Z_]+(:[0-9a-zA-Z_]+)?$/, 'must be letters, digits and "_", optionally "name:part"');

const connectionParameter = z.strictObject({
  name: connectionParameterName,
  type: z.enum(['string', 'securestring']),
  displayName: titleCase,
  description: sentences,
  tooltip: sentences.optional(),
  /** The request header a setheader policy fills with the value, for the script to read. */
  header: z
    .string()
    .regex(/^[A-Za-z0-9-]+$/)
    .optional(),
});

const modelShape = z.strictObject({
  info: z.strictObject({
    title: z
      .string()
      .max(TITLE_MAX_LENGTH)
      .regex(/[A-Za-z0-9]$/, 'must end with a letter or digit')
      .refine(
        (title) =>
          !TITLE_FORBIDDEN_WORDS.some((word) => mentionsWord(title, word)) && productNamesIn(title).length === 0,
        {
          message: 'must not contain "API", "Connector" or a Power Platform product name',
        },
      ),
    description: sentences.refine(
      (text) => text.length >= DESCRIPTION_LENGTH.min && text.length <= DESCRIPTION_LENGTH.max,
      {
        message: `must be ${DESCRIPTION_LENGTH.min}-${DESCRIPTION_LENGTH.max} characters`,
      },
    ),
    version: z.string().min(1),
    contact: z.strictObject({ name: z.string().min(1), url: httpsUrl, email: z.email() }),
  }),
  host: z.string().regex(HOST_PATTERN, 'must be a bare host name'),
  basePath: z.string().startsWith('/'),
  schemes: z.array(z.enum(['https', 'http'])).min(1),
  metadata: z.strictObject({
    website: httpsUrl,
    privacyPolicy: httpsUrl,
    categories: z.array(z.enum(CONNECTOR_CATEGORIES)).min(1).max(MAX_CATEGORIES),
  }),
  /**
   * The sign-in kinds, one connectionParameterSet each. What a set provides reaches script.csx
   * through setheader policies (`header`), or as a bearer token (`clientCredentials`).
   */
  connection: z.strictObject({
    displayName: titleCase,
    description: sentences,
    sets: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
          displayName: titleCase,
          description: sentences,
          allowSharing: z.boolean(),
          /** An oauthSetting for the OAuth client-credentials grant with Microsoft Entra ID. */
          clientCredentials: z
            .strictObject({
              parameterName: connectionParameterName,
              resourceUri: httpsUrl,
              loginUri: httpsUrl,
              displayName: titleCase,
              description: sentences,
            })
            .optional(),
          parameters: z.array(connectionParameter).min(1),
        }),
      )
      .min(1),
  }),
  brandColor: z
    .string()
    .regex(BRAND_COLOUR_PATTERN, 'must be a hex colour like #3C1D6E')
    .refine((color) => !Object.hasOwn(REFUSED_BRAND_COLOURS, color.toLowerCase()), {
      message: `${Object.keys(REFUSED_BRAND_COLOURS).join(' and ')} are refused by certification`,
    }),
  publisher: z.string().min(1),
  stackOwner: z.string().min(1),
  parameters: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), simpleParameter),
  definitions: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/), FieldSchema),
  operations: z.array(operation).min(1).max(MAX_OPERATIONS),
});
type ModelShape = z.infer<typeof modelShape>;

/** Each connection parameter travels in one header, and each header carries one parameter. */
function checkConnectionHeaders(model: ModelShape, ctx: z.RefinementCtx): void {
  const headerOf = new Map<string, string | undefined>();
  const parameterOf = new Map<string, string>();
  for (const [setIndex, set] of model.connection.sets.entries()) {
    for (const [index, parameter] of set.parameters.entries()) {
      const at = ['connection', 'sets', setIndex, 'parameters', index];
      if (headerOf.has(parameter.name) && headerOf.get(parameter.name) !== parameter.header) {
        ctx.addIssue({
          code: 'custom',
          path: at,
          message: `connection parameter "${parameter.name}" is passed in two different headers`,
        });
      }
      headerOf.set(parameter.name, parameter.header);
      const header = parameter.header?.toLowerCase();
      if (header === undefined) continue;
      if (parameterOf.has(header) && parameterOf.get(header) !== parameter.name) {
        ctx.addIssue({
          code: 'custom',
          path: at,
          message: `header "${parameter.header}" carries two connection parameters`,
        });
      }
      parameterOf.set(header, parameter.name);
    }
  }
}

function checkUniqueOperationIds(model: ModelShape, ctx: z.RefinementCtx): void {
  const ids = model.operations.map((op) => op.operationId);
  for (const [index, id] of ids.entries()) {
    if (ids.indexOf(id) !== index)
      ctx.addIssue({ code: 'custom', path: ['operations', index], message: `operationId "${id}" is used twice` });
  }
}

/** An operation's shared parameters exist, its path parameters are its template's, and its demo gives exactly them and its query values. */
function checkOperationParameters(model: ModelShape, index: number, ctx: z.RefinementCtx): void {
  const op = model.operations[index]!;
  const templateNames = [...op.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);
  const pathNames: string[] = [];
  for (const key of op.parameters) {
    const parameter = model.parameters[key];
    if (!parameter) {
      ctx.addIssue({
        code: 'custom',
        path: ['operations', index, 'parameters'],
        message: `unknown shared parameter "${key}"`,
      });
    } else if (parameter.in === 'path') {
      pathNames.push(parameter.name);
    }
  }
  checkDemoParameters(model, index, pathNames, ctx);
  if (templateNames.sort().join() !== pathNames.sort().join()) {
    ctx.addIssue({
      code: 'custom',
      path: ['operations', index, 'path'],
      message: `path template names {${templateNames.join('}, {')}} but the path parameters are ${pathNames.join(', ') || 'none'}`,
    });
  }
}

/** The demo gives every path parameter a value, and names no parameter the operation does not take. */
function checkDemoParameters(model: ModelShape, index: number, pathNames: string[], ctx: z.RefinementCtx): void {
  const op = model.operations[index]!;
  const named = op.parameters.flatMap((key) => {
    const parameter = model.parameters[key];
    return parameter && parameter.in !== 'header' ? [parameter.name] : [];
  });
  for (const name of pathNames) {
    if (op.demo.parameters?.[name] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['operations', index, 'demo', 'parameters'],
        message: `the demo needs a value for the path parameter "${name}"`,
      });
  }
  for (const name of Object.keys(op.demo.parameters ?? {})) {
    if (!named.includes(name))
      ctx.addIssue({
        code: 'custom',
        path: ['operations', index, 'demo', 'parameters', name],
        message: `"${name}" is not a path or query parameter of ${op.operationId}`,
      });
  }
}

export const ConnectorModelSchema = modelShape.superRefine((model, ctx) => {
  checkConnectionHeaders(model, ctx);
  checkUniqueOperationIds(model, ctx);
  for (const index of model.operations.keys()) checkOperationParameters(model, index, ctx);
});

export type ConnectorModel = z.infer<typeof ConnectorModelSchema>;
export type OperationModel = ConnectorModel['operations'][number];
export type ParameterModel = ConnectorModel['parameters'][string];
