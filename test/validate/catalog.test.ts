/**
 * Microsoft's catalog codes, one seeded defect each: a small edit of a valid folder, and the
 * finding it must produce (rule, Microsoft's code, level, JSON pointer). Adding a rule adds a row.
 * Rows are judged in memory (validateFiles), so the table stays fast as it grows.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_CODES, catalogStatus, UNDECIDABLE } from '../../src/validate/catalog.ts';
import { RULES, validateFiles } from '../../src/validate/index.ts';
import { msCodesOf, type Severity } from '../../src/validate/types.ts';
import { REFERENCE_DIR, REPO_ROOT } from './helpers.ts';
import { type Base, type Patch, seeded } from './seeded.ts';

interface Row {
  code: string;
  edits: { definition?: readonly Patch[]; properties?: readonly Patch[] };
  rule: string;
  level: Severity;
  at: string;
  base?: Base;
}

const row = (code: string, edits: Row['edits'], rule: string, level: Severity, at: string, base?: Base): Row => ({
  code,
  edits,
  rule,
  level,
  at,
  base,
});

const CREATE = '/paths/~1identities/post';
const DELETE = '/paths/~1identities~1{identityId}/delete';
const METADATA = '/x-ms-connector-metadata';
const BODY = `${CREATE}/parameters/1`;
const SCOPES = `${BODY}/schema/properties/createTokenWithScopes`;
const LIFETIME = `${BODY}/schema/properties/expiresInMinutes`;
const operation = (id: string, extra: Record<string, unknown> = {}) => ({
  operationId: id,
  summary: 'Get things',
  description: 'Gets the things.',
  responses: { '200': { description: 'The things.', schema: { type: 'object' } } },
  ...extra,
});
/** A schema added as a definition of its own, for the keyword rows. */
const thing = (schema: Record<string, unknown>): Row['edits'] => ({
  definition: [['add', '/definitions/Thing', schema]],
});
const HOOK = '/paths/~1hooks/post/parameters/0/schema';
/** A webhook registration whose body carries the notification URL; `change` edits the URL property. */
const hook = (change: { body?: Record<string, unknown>; url?: Record<string, unknown> }): Row['edits'] => ({
  definition: [
    [
      'add',
      '/paths/~1hooks',
      {
        post: operation('CreateHook', {
          parameters: [
            {
              name: 'body',
              in: 'body',
              required: true,
              schema: {
                type: 'object',
                required: ['callback'],
                properties: {
                  callback: {
                    type: 'string',
                    'x-ms-notification-url': true,
                    'x-ms-visibility': 'internal',
                    ...change.url,
                  },
                },
              },
              ...change.body,
            },
          ],
        }),
      },
    ],
  ],
});
const OAUTH = {
  type: 'oauth2',
  flow: 'accessCode',
  authorizationUrl: 'https://login.example.com/authorize',
  tokenUrl: 'https://login.example.com/token',
  scopes: { read: 'Read things' },
};

const SCOPE_ITEMS = `${SCOPES}/items`;
const ISSUE = '/paths/~1identities~1{identityId}~1:issueAccessToken/post';
const webhook = (extra: Record<string, unknown> = {}) => ({
  post: operation('AddHook', {
    'x-ms-trigger': 'single',
    parameters: [
      {
        name: 'body',
        in: 'body',
        schema: { type: 'object', properties: { callback: { type: 'string', 'x-ms-notification-url': true } } },
      },
    ],
    ...extra,
  }),
});
const annotate = (at: string, annotation: Record<string, unknown>): Patch => [
  'add',
  `${at}/x-ms-api-annotation`,
  annotation,
];
const THINGS = '/paths/~1things/get';
const dynamicThings = (extension: Record<string, unknown>): Patch => [
  'add',
  '/paths/~1things',
  {
    get: operation('GetThings', {
      parameters: [
        { name: 'item', in: 'query', type: 'string', 'x-ms-dynamic-values': extension },
        { name: 'kind', in: 'query', type: 'string', required: true, default: 'all', 'x-ms-visibility': 'internal' },
      ],
    }),
  },
];
const capabilities = (at: string, filterFunctions: unknown): Patch => [
  'add',
  `${at}/x-ms-capabilities`,
  { filterFunctions },
];
const THING = '/paths/~1things/post';
const KIND = { name: 'kind', in: 'query', required: true, type: 'string' };
const LIST_THINGS: Patch = [
  'add',
  '/paths/~1lists',
  {
    get: operation('ListThings', {
      parameters: [KIND],
      responses: {
        '200': {
          description: 'The things.',
          schema: {
            type: 'object',
            properties: {
              value: {
                type: 'array',
                items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' } } },
              },
            },
          },
        },
      },
    }),
  },
];
/** AddThing, whose parameters call ListThings through dynamic extensions. */
const callingListThings = (...parameters: unknown[]): Patch[] => [
  LIST_THINGS,
  ['add', '/paths/~1things', { post: operation('AddThing', { parameters }) }],
];
const dynamicValues = (extra: Record<string, unknown> = {}) => ({
  'x-ms-dynamic-values': {
    operationId: 'ListThings',
    parameters: { kind: { parameter: 'kind' } },
    'value-collection': 'value',
    'value-path': 'id',
    'value-title': 'name',
    ...extra,
  },
});
const dynamicSchema = (extra: Record<string, unknown> = {}) => ({
  'x-ms-dynamic-schema': {
    operationId: 'ListThings',
    parameters: { kind: { parameter: 'kind' } },
    'value-path': 'value',
    ...extra,
  },
});
const dynamicQuery = (extension: Record<string, unknown>) => ({
  name: 'thing',
  in: 'query',
  type: 'string',
  ...extension,
});
const bodyWith = (extension: Record<string, unknown>) => ({
  name: 'body',
  in: 'body',
  schema: { type: 'object', properties: { kind: { type: 'string' }, thing: { type: 'string', ...extension } } },
});
const manyOperations: Patch[] = Array.from({ length: 257 }, (_, index) => [
  'add',
  `/paths/~1things${index}`,
  { get: operation(`GetThings${index}`) },
]);

// prettier-ignore
const ROWS: Row[] = [
  // Metadata
  row('AllowEmptyValueOnlyValidForQueryFormData', { definition: [['add', `${CREATE}/parameters/-`, { name: 'tag', in: 'header', type: 'string', allowEmptyValue: true }]] }, 'MD1', 'error', `${CREATE}/parameters/2/allowEmptyValue`),
  row('DiscriminatorMustBeARequiredStringProperty', thing({ type: 'object', discriminator: 'kind', properties: { kind: { type: 'string' } } }), 'MD2', 'error', '/definitions/Thing/discriminator'),
  row('ExclusiveMaximumRequiresMaximum', thing({ type: 'integer', exclusiveMaximum: true }), 'MD3', 'error', '/definitions/Thing/exclusiveMaximum'),
  row('ExclusiveMinimumRequiresMinimum', thing({ type: 'integer', exclusiveMinimum: true }), 'MD4', 'error', '/definitions/Thing/exclusiveMinimum'),
  row('MaxItemsMustBeGreaterThanOrEqualToZero', thing({ type: 'array', items: { type: 'string' }, maxItems: -1 }), 'MD5', 'error', '/definitions/Thing/maxItems'),
  row('MaxLengthMustBeGreaterThanOrEqualToZero', thing({ type: 'string', maxLength: -1 }), 'MD6', 'error', '/definitions/Thing/maxLength'),
  row('MaxPropertiesMustBeGreaterThanOrEqualToZero', thing({ type: 'object', maxProperties: -1 }), 'MD7', 'error', '/definitions/Thing/maxProperties'),
  row('MinimumShouldBeLessThanOrEqualToMaximum', thing({ type: 'integer', minimum: 5, maximum: 1 }), 'MD8', 'error', '/definitions/Thing/minimum'),
  row('MinItemsMustBeGreaterThanOrEqualToZero', thing({ type: 'array', items: { type: 'string' }, minItems: -1 }), 'MD9', 'error', '/definitions/Thing/minItems'),
  row('MinItemsShouldBeLessThanOrEqualToMaxItems', thing({ type: 'array', items: { type: 'string' }, minItems: 3, maxItems: 1 }), 'MD10', 'error', '/definitions/Thing/minItems'),
  row('MinLengthMustBeGreaterThanOrEqualToZero', thing({ type: 'string', minLength: -1 }), 'MD11', 'error', '/definitions/Thing/minLength'),
  row('MinLengthShouldBeLessThanOrEqualToMaxLength', thing({ type: 'string', minLength: 5, maxLength: 2 }), 'MD12', 'error', '/definitions/Thing/minLength'),
  row('MinPropertiesMustBeGreaterThanOrEqualToZero', thing({ type: 'object', minProperties: -1 }), 'MD13', 'error', '/definitions/Thing/minProperties'),
  row('PatternShouldBeValidRegularExpression', thing({ type: 'string', pattern: '[a-' }), 'MD14', 'error', '/definitions/Thing/pattern'),
  row('RequiredValueEmpty', { definition: [['replace', '/info/version', ' ']] }, 'MD15', 'warning', '/info/version'),
  row('FieldLengthExceeded', { definition: [['replace', '/info/title', 'Azure Communication Identity Users']] }, 'S2', 'warning', '/info/title'),
  row('FieldLengthNotInRange', { definition: [['replace', '/info/description', 'Too short.']] }, 'S3', 'warning', '/info/description'),
  row('ValueContainsRestrictedWords', { definition: [['replace', '/info/title', 'Identity Connector']] }, 'S2', 'warning', '/info/title'),
  row('ValueMustEndWithAlphanumeric', { definition: [['replace', '/info/title', 'Azure Identity.']] }, 'S2', 'warning', '/info/title'),
  // Properties
  row('RequiredPropertyMissing', { definition: [['remove', '/info/title']] }, 'S2', 'error', '/info/title'),
  row('SpecificationVersionIncorrect', { definition: [['replace', '/swagger', '3.0']] }, 'S1', 'error', '/swagger'),
  row('ContactEmailNotValid', { definition: [['replace', '/info/contact/email', 'nobody']] }, 'S4', 'warning', '/info/contact/email'),
  row('UrlNotValid', { definition: [['replace', '/info/contact/url', 'not a url']] }, 'S4', 'warning', '/info/contact/url'),
  row('ConnectorMetadataPropertiesMissing', { definition: [['remove', `${METADATA}/1`]] }, 'S5', 'warning', METADATA),
  row('TooManyConnectorCategories', { definition: [['replace', `${METADATA}/2/propertyValue`, 'AI;Communication;Data']] }, 'S5', 'warning', `${METADATA}/2/propertyValue`),
  row('InvalidConnectorCategory', { definition: [['replace', `${METADATA}/2/propertyValue`, 'Communication;Gossip']] }, 'S5', 'warning', `${METADATA}/2/propertyValue`),
  row('HostNameNotValid', { definition: [['replace', '/host', 'https://example.com/api']] }, 'S6', 'warning', '/host'),
  row('BasePathNotValid', { definition: [['replace', '/basePath', 'v1']] }, 'S6', 'error', '/basePath'),
  row('SchemeNotValid', { definition: [['replace', '/schemes', ['ftp']]] }, 'S6', 'error', '/schemes/0'),
  row('BodyParameterPropertyNotValid', { definition: [['add', `${BODY}/type`, 'object']] }, 'PRP1', 'error', `${BODY}/type`),
  row('DefaultValueMustMatchType', { definition: [['replace', `${LIFETIME}/default`, 'sixty']] }, 'PRP2', 'error', `${LIFETIME}/default`),
  row('EnumMustContainAtLeastOneElement', { definition: [['replace', `${SCOPES}/items/enum`, []]] }, 'PRP3', 'error', `${SCOPES}/items/enum`),
  row('MultipleOfMustBeGreaterThanZero', { definition: [['add', `${LIFETIME}/multipleOf`, 0]] }, 'PRP11', 'error', `${LIFETIME}/multipleOf`),
  row('RequiredPropertyDefinitionMissing', { definition: [['add', `${BODY}/schema/required`, ['scopes']]] }, 'PRP13', 'error', `${BODY}/schema/required/0`),
  row('RequiredPropertyNotOnObject', { definition: [['add', `${SCOPES}/required`, ['chat']]] }, 'PRP14', 'warning', `${SCOPES}/required`),
  row('RequiredReadOnlyPropertyNotAllowedAsInput', { definition: [['add', `${BODY}/schema/required`, ['expiresInMinutes']], ['add', `${LIFETIME}/readOnly`, true]] }, 'PRP15', 'error', `${LIFETIME}/readOnly`),
  row('TagRedefined', { definition: [['replace', '/tags', [{ name: 'Users' }, { name: 'Users' }]]] }, 'PRP17', 'error', '/tags/1'),
  row('ExtensionNameNotValid', { definition: [['add', '/scriptOperations', ['CreateCommunicationIdentity']]] }, 'PRP4', 'error', '/scriptOperations'),
  row('AdditionalPropertyNotAllowed', { definition: [dynamicThings({ operationId: 'GetThings', 'value-colection': 'value' })] }, 'PRP4', 'error', `${THINGS}/parameters/0/x-ms-dynamic-values/value-colection`),
  row('AdditionalPropertyNotAllowedAdjacentToRef', { definition: [['add', `${CREATE}/responses/400/schema`, { $ref: '#/definitions/CommunicationErrorResponse', description: 'The error.' }]] }, 'PRP5', 'warning', `${CREATE}/responses/400/schema/description`),
  row('FilterFunctionsPropertyEmpty', { definition: [capabilities(`${CREATE}/responses/201/schema`, [])] }, 'PRP6', 'error', `${CREATE}/responses/201/schema/x-ms-capabilities/filterFunctions`),
  row('FilterFunctionsPropertyHasDuplicates', { definition: [capabilities(`${CREATE}/responses/201/schema`, ['eq', 'eq'])] }, 'PRP6', 'error', `${CREATE}/responses/201/schema/x-ms-capabilities/filterFunctions/1`),
  row('FilterFunctionsPropertyInInputSchema', { definition: [capabilities(`${BODY}/schema`, ['eq'])] }, 'PRP6', 'error', `${BODY}/schema/x-ms-capabilities/filterFunctions`),
  row('FilterFunctionsPropertyInvalidValue', { definition: [capabilities(`${CREATE}/responses/201/schema`, ['equals'])] }, 'PRP6', 'error', `${CREATE}/responses/201/schema/x-ms-capabilities/filterFunctions/0`),
  row('PropertyMustBeRequired', { definition: [['replace', '/parameters/ApiVersion/required', false]] }, 'PRP7', 'warning', '/parameters/ApiVersion'),
  row('InternalPropertyWithDefaultOptional', { definition: [['replace', `${LIFETIME}/x-ms-visibility`, 'internal']] }, 'PRP7', 'error', LIFETIME),
  row('InvalidStringBinaryProperty', { definition: [['replace', `${LIFETIME}/type`, 'string'], ['replace', `${LIFETIME}/format`, 'binary']] }, 'PRP8', 'warning', `${LIFETIME}/format`),
  row('MimeTypeNotValid', { definition: [['replace', '/consumes', ['json']]] }, 'PRP9', 'error', '/consumes/0'),
  row('MissingEnumValuesDisplayName', { definition: [['remove', `${SCOPES}/items/x-ms-enum-values/0/displayName`]] }, 'PRP10', 'error', `${SCOPES}/items/x-ms-enum-values/0`),
  row('OneOfPropertiesRequired', { definition: [dynamicThings({ parameters: {} })] }, 'PRP12', 'error', `${THINGS}/parameters/0/x-ms-dynamic-values`),
  row('SecuritySchemePropertyRequired', { definition: [['add', '/securityDefinitions/key', { type: 'apiKey', in: 'header' }]] }, 'PRP16', 'error', '/securityDefinitions/key'),
  row('SecuritySchemePropertyNotValid', { definition: [['add', '/securityDefinitions/key', { type: 'basic', flow: 'implicit' }]] }, 'PRP16', 'error', '/securityDefinitions/key/flow'),
  row('JsonTypeIncorrect', { definition: [['replace', `${SCOPES}/x-ms-summary`, 5]] }, 'PRP18', 'warning', `${SCOPES}/x-ms-summary`),
  row('JsonValueNotInEnum', { definition: [['replace', `${SCOPES}/x-ms-visibility`, 'Important']] }, 'PRP18', 'warning', `${SCOPES}/x-ms-visibility`),
  // Arrays
  row('SchemesArrayEmpty', { definition: [['replace', '/schemes', []]] }, 'S6', 'error', '/schemes'),
  row('ArrayHasNoItems', { definition: [['remove', `${SCOPES}/items`]] }, 'ARR1', 'warning', SCOPES),
  row('RequiredPropertyArrayEmpty', { definition: [['replace', '/definitions/CommunicationErrorResponse/required', []]] }, 'S16', 'error', '/definitions/CommunicationErrorResponse/required'),
  // Operations
  row('TotalOperationsCountExceedsMaxAllowed', { definition: manyOperations }, 'S7', 'error', '/paths'),
  row('OperationIdRequired', { definition: [['remove', `${CREATE}/operationId`]] }, 'S8', 'error', CREATE),
  row('OperationIdNotUnique', { definition: [['replace', `${DELETE}/operationId`, 'CreateCommunicationIdentity']] }, 'S8', 'error', `${DELETE}/operationId`),
  row('OperationIdSanitized', { definition: [['replace', `${CREATE}/operationId`, 'Create_Identity']] }, 'S8', 'warning', `${CREATE}/operationId`),
  row('RestrictedCharactersInSummary', { definition: [['replace', `${CREATE}/summary`, 'Create a user/identity']] }, 'S9', 'error', `${CREATE}/summary`),
  row('OperationSummaryTooLong', { definition: [['replace', `${CREATE}/summary`, `Create a user ${'and more '.repeat(14)}now`]] }, 'S9', 'error', `${CREATE}/summary`),
  row('PathParameterMustBeRequired', { definition: [['replace', '/parameters/IdentityId/required', false]] }, 'S13', 'error', `${DELETE}/parameters/1`),
  row('PathParameterNotDefinedInTemplate', { definition: [['add', `${CREATE}/parameters/-`, { name: 'missing', in: 'path', required: true, type: 'string', 'x-ms-url-encoding': 'single' }]] }, 'S13', 'error', `${CREATE}/parameters/2`),
  row('OperationShouldHaveSuccessfulResponse', { definition: [['remove', `${CREATE}/responses/201`]] }, 'S14', 'warning', `${CREATE}/responses`),
  row('OperationHasManyResponsesWithSchema', { definition: [['add', `${CREATE}/responses/202`, { description: 'Accepted.', schema: { type: 'object' } }]] }, 'S14', 'warning', `${CREATE}/responses`),
  row('BodyOrFormDataParameterInFetchOperationNotAllowed', { definition: [['add', '/paths/~1things', { get: operation('GetThings', { parameters: [{ name: 'body', in: 'body', schema: { type: 'object' } }] }) }]] }, 'S16', 'warning', '/paths/~1things/get/parameters/0'),
  row('OperationParametersContainMultipleBodyParameters', { definition: [['add', `${CREATE}/parameters/-`, { name: 'second', in: 'body', schema: { type: 'object' } }]] }, 'S16', 'error', CREATE),
  row('ConnectionIdParameterNotAllowed', { definition: [['add', `${CREATE}/parameters/-`, { name: 'connectionId', in: 'query', type: 'string' }]] }, 'S16', 'error', `${CREATE}/parameters/2`),
  row('PathRedefined', { definition: [['add', '/paths/~1Identities', { get: operation('GetThings') }]] }, 'OP1', 'error', '/paths/~1Identities'),
  row('OperationPathMustStartWithSlash', { definition: [['add', '/paths/things', { get: operation('GetThings') }]] }, 'OP1', 'error', '/paths/things'),
  row('OperationPathMayNotContainQueryOrFragment', { definition: [['add', '/paths/~1things?all=true', { get: operation('GetThings') }]] }, 'OP1', 'error', '/paths/~1things?all=true'),
  row('OperationPathContainsUnsupportedCharacters', { definition: [['add', '/paths/~1things~1*', { get: operation('GetThings') }]] }, 'OP1', 'error', '/paths/~1things~1*'),
  row('OperationPathVariablesContainDefaults', { definition: [['add', '/paths/~1things~1{kind=all}', { get: operation('GetThings') }]] }, 'OP1', 'error', '/paths/~1things~1{kind=all}'),
  row('OperationPathTemplateNotValid', { definition: [['add', '/paths/~1things~1{kind', { get: operation('GetThings') }]] }, 'OP1', 'error', '/paths/~1things~1{kind'),
  row('DuplicateOperationPath', { definition: [['add', '/paths/~1identities~1{userId}', { delete: operation('DeleteUser', { parameters: [{ name: 'userId', in: 'path', required: true, type: 'string' }] }) }]] }, 'OP1', 'error', '/paths/~1identities~1{userId}/delete'),
  row('PartialDuplicateOperationPath', { definition: [['add', '/paths/~1identities~1me', { delete: operation('DeleteMe') }]] }, 'OP1', 'warning', '/paths/~1identities~1me/delete'),
  row('PathParametersContainDuplicateParameter', { definition: [['add', '/paths/~1things', { parameters: [{ name: 'q', in: 'query', type: 'string' }, { name: 'q', in: 'query', type: 'string' }], get: operation('GetThings') }]] }, 'OP2', 'error', '/paths/~1things/parameters/1'),
  row('PathParametersContainMultipleBodyParameters', { definition: [['add', '/paths/~1things', { parameters: [{ name: 'a', in: 'body', schema: { type: 'object' } }, { name: 'b', in: 'body', schema: { type: 'object' } }], post: operation('AddThings') }]] }, 'OP2', 'error', '/paths/~1things/parameters'),
  row('OperationParametersContainDuplicateParameter', { definition: [['add', `${CREATE}/parameters/-`, { $ref: '#/parameters/ApiVersion' }]] }, 'OP2', 'error', `${CREATE}/parameters/2`),
  row('OperationMissingPathParameter', { definition: [['remove', `${DELETE}/parameters/1`]] }, 'OP2', 'error', DELETE),
  row('OperationParametersAreNotUnique', { definition: [['add', `${CREATE}/parameters/-`, { name: 'api-version', in: 'header', type: 'string' }]] }, 'OP2', 'error', `${CREATE}/parameters/2`),
  row('OperationMustHaveResponse', { definition: [['remove', `${CREATE}/responses`]] }, 'OP3', 'error', CREATE),
  row('ArrayDuplicateValue', { definition: [['replace', '/consumes', ['application/json', 'application/json']]] }, 'OP4', 'error', '/consumes/1'),
  row('InvalidEnumValue', { definition: [['add', `${SCOPE_ITEMS}/enum/-`, 5]] }, 'OP4', 'warning', `${SCOPE_ITEMS}/enum/5`),
  row('DuplicateEnumValuesInExtension', { definition: [['add', `${SCOPE_ITEMS}/x-ms-enum-values/-`, { value: 'chat', displayName: 'Chat Again' }]] }, 'OP4', 'error', `${SCOPE_ITEMS}/x-ms-enum-values/5`),
  row('InvalidEnumValuesExtensionValue', { definition: [['add', `${SCOPE_ITEMS}/x-ms-enum-values/-`, { value: 'sms', displayName: 'SMS' }]] }, 'OP4', 'error', `${SCOPE_ITEMS}/x-ms-enum-values/5/value`),
  row('ConsumesMissing', { definition: [['remove', '/consumes']] }, 'OP5', 'warning', CREATE),
  row('MimeTypeNotCompatibleWithRequestContentSchemaType', { definition: [['add', '/paths/~1files', { post: operation('Upload', { parameters: [{ name: 'name', in: 'formData', type: 'string' }] }) }]] }, 'OP5', 'warning', '/consumes'),
  row('StringBinaryNotSupportedForFormUrlEncoded', { definition: [['add', '/paths/~1files', { post: operation('Upload', { consumes: ['application/x-www-form-urlencoded'], parameters: [{ name: 'file', in: 'formData', type: 'file' }] }) }]] }, 'OP5', 'error', '/paths/~1files/post/parameters/0'),
  row('InvalidFormDataParameterName', { definition: [['add', '/paths/~1files', { post: operation('Upload', { consumes: ['multipart/form-data'], parameters: [{ name: 'pièce', in: 'formData', type: 'string' }] }) }]] }, 'OP5', 'error', '/paths/~1files/post/parameters/0/name'),
  row('UnrecognizedTypeFormat', { definition: [['add', '/parameters/ApiVersion/format', 'semver']] }, 'OP6', 'warning', '/parameters/ApiVersion/format'),
  row('InvalidNextLinkNameValue', { definition: [['add', `${CREATE}/x-ms-pageable`, { nextLinkName: 'next' }]] }, 'OP7', 'warning', `${CREATE}/x-ms-pageable/nextLinkName`),
  row('OperationIdNotFound', { definition: callingListThings(KIND, dynamicQuery(dynamicValues({ operationId: 'ListOthers' }))) }, 'OP9', 'error', `${THING}/parameters/1/x-ms-dynamic-values/operationId`),
  row('OperationParameterNameNotFound', { definition: callingListThings(KIND, dynamicQuery(dynamicValues({ parameters: { kind: { parameter: 'kind' }, size: 5 } }))) }, 'OP9', 'error', `${THING}/parameters/1/x-ms-dynamic-values/parameters/size`),
  row('OperationParameterStaticTypeMismatch', { definition: callingListThings(dynamicQuery(dynamicValues({ parameters: { kind: 5 } }))) }, 'OP9', 'error', `${THING}/parameters/0/x-ms-dynamic-values/parameters/kind`),
  row('OperationParameterTypeMismatch', { definition: callingListThings({ ...KIND, type: 'integer' }, dynamicQuery(dynamicValues())) }, 'OP9', 'error', `${THING}/parameters/1/x-ms-dynamic-values/parameters/kind`),
  row('OperationParameterRequiredMismatch', { definition: callingListThings({ ...KIND, required: false }, dynamicQuery(dynamicValues())) }, 'OP9', 'warning', `${THING}/parameters/1/x-ms-dynamic-values/parameters/kind`),
  row('OperationMissingRequiredProperty', { definition: callingListThings(dynamicQuery(dynamicValues({ parameters: {} }))) }, 'OP9', 'error', `${THING}/parameters/0/x-ms-dynamic-values/parameters`),
  row('OperationParameterNameIsAmbiguous', { definition: callingListThings(KIND, bodyWith({ 'x-ms-dynamic-list': { operationId: 'ListThings', parameters: { kind: { parameter: 'kind' } } } })) }, 'OP9', 'error', `${THING}/parameters/1/schema/properties/thing/x-ms-dynamic-list/parameters/kind`),
  row('DynamicListExtensionRequiredForAmbiguousReferences', { definition: callingListThings(KIND, bodyWith(dynamicValues())) }, 'OP9', 'error', `${THING}/parameters/1/schema/properties/thing/x-ms-dynamic-values/parameters/kind`),
  row('DynamicListExtensionRequiredForNonParameterReferences', { definition: callingListThings(bodyWith(dynamicValues())) }, 'OP9', 'error', `${THING}/parameters/0/schema/properties/thing/x-ms-dynamic-values/parameters/kind`),
  row('DynamicPropertiesExtensionRequiredForAmbiguousReferences', { definition: callingListThings(KIND, bodyWith(dynamicSchema())) }, 'OP9', 'error', `${THING}/parameters/1/schema/properties/thing/x-ms-dynamic-schema/parameters/kind`),
  row('DynamicPropertiesExtensionRequiredForNonParameterReferences', { definition: callingListThings(bodyWith(dynamicSchema())) }, 'OP9', 'error', `${THING}/parameters/0/schema/properties/thing/x-ms-dynamic-schema/parameters/kind`),
  row('DynamicPropertiesExtensionRequiredForPropertiesValuePath', { definition: callingListThings(KIND, dynamicQuery(dynamicSchema({ 'value-path': 'value/properties' }))) }, 'OP9', 'error', `${THING}/parameters/1/x-ms-dynamic-schema/value-path`),
  row('DynamicPropertiesItemValuePathMismatch', { definition: callingListThings(KIND, dynamicQuery({ ...dynamicSchema({ 'value-path': 'value/properties' }), 'x-ms-dynamic-properties': { operationId: 'ListThings', parameters: { kind: { parameterReference: 'kind' } }, itemValuePath: 'items' } })) }, 'OP9', 'error', `${THING}/parameters/1/x-ms-dynamic-properties/itemValuePath`),
  row('DynamicExtensionDefinitionNotAllowedInParameter', { definition: callingListThings(KIND, { name: 'body', in: 'body', schema: { type: 'object' }, ...dynamicSchema() }) }, 'OP9', 'error', `${THING}/parameters/1/x-ms-dynamic-schema`),
  row('DynamicTreeExtensionMissing', { definition: callingListThings(KIND, dynamicQuery({ 'x-ms-capabilities': { 'file-picker': {} } })) }, 'OP9', 'warning', `${THING}/parameters/1`),
  row('SelectedItemValuePathNotAllowedInThisPosition', { definition: callingListThings(KIND, dynamicQuery({ 'x-ms-dynamic-tree': { open: { operationId: 'ListThings', parameters: { kind: { selectedItemValuePath: 'id' } } } } })) }, 'OP9', 'error', `${THING}/parameters/1/x-ms-dynamic-tree/open/parameters/kind/selectedItemValuePath`),
  row('InvokedOperationShouldProduceArray', { definition: callingListThings(KIND, dynamicQuery(dynamicValues({ 'value-collection': 'items' }))) }, 'OP9', 'warning', `${THING}/parameters/1/x-ms-dynamic-values/value-collection`),
  row('InvokedOperationShouldProduceProperty', { definition: callingListThings(KIND, dynamicQuery(dynamicValues({ 'value-title': 'title' }))) }, 'OP9', 'warning', `${THING}/parameters/1/x-ms-dynamic-values/value-title`),
  row('WebhookOperationsMissingNotificationUrlProperty', { definition: [['add', '/paths/~1hooks', { post: operation('AddHook', { 'x-ms-trigger': 'single', 'x-ms-notification-content': { description: 'A thing.', schema: { type: 'object' } } }) }]] }, 'OP10', 'error', '/paths/~1hooks/post/x-ms-notification-content'),
  row('OperationMustHaveNotificationContentExtension', { definition: [['add', '/paths/~1hooks', webhook()]] }, 'OP10', 'warning', '/paths/~1hooks/post'),
  row('NotificationExtensionSupportedForTriggerOnly', { definition: [['add', `${CREATE}/x-ms-notification`, { operationId: 'CreateCommunicationIdentity' }]] }, 'OP10', 'error', `${CREATE}/x-ms-notification`),
  row('NotificationExtensionNotSupportedInWebhookOperation', { definition: [['add', '/paths/~1hooks', webhook({ 'x-ms-notification': { operationId: 'AddHook' } })]] }, 'OP10', 'error', '/paths/~1hooks/post/x-ms-notification'),
  row('NotificationOperationMustBeWebhook', { definition: [['add', '/paths/~1things', { get: operation('GetThings', { 'x-ms-trigger': 'single', 'x-ms-notification': { operationId: 'CreateCommunicationIdentity' } }) }]] }, 'OP10', 'error', '/paths/~1things/get/x-ms-notification/operationId'),
  row('ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations', { definition: [annotate(CREATE, { replacement: { api: 'acsidentity', operationId: 'CreateUser' } })] }, 'OP11', 'error', `${CREATE}/x-ms-api-annotation/replacement`),
  row('ApiAnnotationExtensionReplacementInfoMissingApiProperty', { definition: [['add', `${CREATE}/deprecated`, true], annotate(CREATE, { replacement: { operationId: 'CreateUser' } })] }, 'OP11', 'error', `${CREATE}/x-ms-api-annotation/replacement`),
  row('ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty', { definition: [['add', `${CREATE}/deprecated`, true], annotate(CREATE, { replacement: { api: 'acsidentity' } })] }, 'OP11', 'error', `${CREATE}/x-ms-api-annotation/replacement`),
  row('OperationRevisionEmpty', { definition: [annotate(CREATE, { family: 'CreateUser' })] }, 'OP11', 'warning', `${CREATE}/x-ms-api-annotation`),
  row('OperationIdShouldEndWithRevision', { definition: [annotate(CREATE, { family: 'CreateUser', revision: 2 })] }, 'OP11', 'warning', `${CREATE}/operationId`),
  row('OperationFamilyHasDuplicateRevisions', { definition: [annotate(CREATE, { family: 'Users', revision: 1 }), annotate(DELETE, { family: 'Users', revision: 1 })] }, 'OP11', 'error', `${DELETE}/x-ms-api-annotation/revision`),
  row('OperationFamilyHasManyEmptyRevisions', { definition: [annotate(CREATE, { family: 'Users' }), annotate(DELETE, { family: 'Users' })] }, 'OP11', 'error', `${DELETE}/x-ms-api-annotation`),
  row('OperationFamilyHasManyActiveOperations', { definition: [annotate(CREATE, { family: 'Users', revision: 1 }), annotate(DELETE, { family: 'Users', revision: 2 }), annotate(ISSUE, { family: 'Users', revision: 3 })] }, 'OP11', 'error', `${ISSUE}/x-ms-api-annotation`),
  row('OperationFamilyHasManyActiveProductionOperations', { definition: [annotate(CREATE, { family: 'Users', revision: 1, status: 'Production' }), annotate(DELETE, { family: 'Users', revision: 2, status: 'Production' })] }, 'OP11', 'error', `${DELETE}/x-ms-api-annotation`),
  // Parameters
  row('PathParameterMissingEncoding', { definition: [['remove', '/parameters/IdentityId/x-ms-url-encoding']] }, 'S13', 'warning', `${DELETE}/parameters/1`),
  row('QueryParameterEncodingNotSupported', { definition: [['add', '/parameters/ApiVersion/x-ms-url-encoding', 'single']] }, 'S13', 'warning', `${CREATE}/parameters/0/x-ms-url-encoding`),
  row('ParameterReferenceNotFound', { definition: [['replace', `${CREATE}/parameters/0`, { $ref: '#/parameters/Missing' }]] }, 'SW2', 'error', `${CREATE}/parameters/0/$ref`),
  row('FileParameterMustBeInFormData', { definition: [['replace', '/parameters/IdentityId/type', 'file']] }, 'PAR1', 'error', '/parameters/IdentityId/type'),
  row('ParameterListContainsFormDataAndBody', { definition: [['add', `${CREATE}/parameters/-`, { name: 'note', in: 'formData', type: 'string' }]] }, 'PAR2', 'error', `${CREATE}/parameters/2`),
  row('ParameterReferenceNotValid', { definition: [['replace', `${CREATE}/parameters/0`, { $ref: '#/definitions/CommunicationErrorResponse' }]] }, 'PAR3', 'error', `${CREATE}/parameters/0/$ref`),
  row('ParameterRefLoopNotAllowed', { definition: [['add', '/parameters/Version', { $ref: '#/parameters/ApiVersion' }]] }, 'PAR4', 'error', '/parameters/Version/$ref'),
  row('ResponseRefLoopNotAllowed', { definition: [['add', '/responses/Failure', { $ref: '#/responses/Error' }]] }, 'PAR4', 'error', '/responses/Failure/$ref'),
  row('SourcePropertyInternal', { definition: [dynamicThings({ operationId: 'GetThings', parameters: { kind: { parameter: 'kind' } } })] }, 'PAR5', 'warning', `${THINGS}/parameters/0/x-ms-dynamic-values/parameters/kind`),
  row('ParamtersWithSameNameMustHaveSameTypeAndVisibility', { definition: [['add', '/paths/~1hooks', webhook({ parameters: [{ name: 'folder', in: 'query', type: 'integer' }, { name: 'body', in: 'body', schema: { type: 'object', properties: { callback: { type: 'string', 'x-ms-notification-url': true } } } }] })], ['add', '/paths/~1things', { get: operation('GetThings', { 'x-ms-trigger': 'batch', 'x-ms-notification': { operationId: 'AddHook' }, parameters: [{ name: 'folder', in: 'query', type: 'string' }] }) }]] }, 'PAR6', 'error', '/paths/~1hooks/post/parameters/0'),
  // Response
  row('ResponseReferenceNotValid', { definition: [['replace', `${CREATE}/responses/400`, { $ref: '#/definitions/CommunicationErrorResponse' }]] }, 'PAR3', 'error', `${CREATE}/responses/400/$ref`),
  row('SchemaReferenceNotValid', { definition: [['replace', `${CREATE}/responses/400/schema`, { $ref: '#/parameters/ApiVersion' }]] }, 'PAR3', 'error', `${CREATE}/responses/400/schema/$ref`),
  row('JsonPointerNotValid', { definition: [['replace', `${CREATE}/responses/400/schema`, { $ref: '#definitions/CommunicationErrorResponse' }]] }, 'PAR3', 'error', `${CREATE}/responses/400/schema/$ref`),
  row('SchemaRefLoopNotAllowed', { definition: [['add', '/definitions/Failure', { $ref: '#/definitions/CommunicationErrorResponse' }]] }, 'PAR4', 'error', '/definitions/Failure/$ref'),
  row('BodyParameterSchemaRequired', { definition: [['remove', `${BODY}/schema`]] }, 'RSP1', 'error', BODY),
  row('NonBodyParameterSchemaNotValid', { definition: [['add', '/parameters/IdentityId/schema', { type: 'string' }]] }, 'RSP3', 'error', '/parameters/IdentityId/schema'),
  row('ResponseMustBeDefaultOrHttpStatusCode', { definition: [['add', `${CREATE}/responses/2XX`, { description: 'Any success.' }]] }, 'RSP7', 'error', `${CREATE}/responses/2XX`),
  row('SchemaTypeFileNotValid', { definition: [['replace', `${LIFETIME}/type`, 'file']] }, 'RSP9', 'error', `${LIFETIME}/type`),
  row('SchemeNotSupported', { definition: [['replace', '/schemes', ['wss']]] }, 'S6', 'error', '/schemes/0'),
  row('DefaultResponseHasSchema', { definition: [['add', `${CREATE}/responses/default`, { description: 'An error.', schema: { type: 'object' } }]] }, 'S14', 'warning', `${CREATE}/responses/default/schema`),
  row('SchemaReferenceNotFound', { definition: [['replace', `${CREATE}/responses/400`, { description: 'Bad.', schema: { $ref: '#/definitions/Missing' } }]] }, 'SW2', 'error', `${CREATE}/responses/400/schema/$ref`),
  row('ResponseReferenceNotFound', { definition: [['replace', `${CREATE}/responses/400`, { $ref: '#/responses/Missing' }]] }, 'SW2', 'error', `${CREATE}/responses/400/$ref`),
  row('InvalidCustomEditorExtensionDictionaryValue', { definition: [['add', `${SCOPES}/x-ms-editor`, 'dictionary']] }, 'RSP2', 'error', `${SCOPES}/x-ms-editor`),
  row('RequiredLoopInSchemaNotAllowed', { definition: [['add', '/definitions/Node', { type: 'object', required: ['next'], properties: { next: { $ref: '#/definitions/Node' } } }]] }, 'RSP4', 'error', '/definitions/Node/properties/next'),
  row('ResponseExampleMustBeProducedByOperation', { definition: [['add', `${CREATE}/responses/201/examples`, { 'application/xml': '<identity/>' }]] }, 'RSP5', 'error', `${CREATE}/responses/201/examples/application~1xml`),
  row('ResponseHeadersAreNotUnique', { definition: [['add', `${CREATE}/responses/201/headers`, { Location: { type: 'string' }, location: { type: 'string' } }]] }, 'RSP6', 'error', `${CREATE}/responses/201/headers/location`),
  row('SchemaDefinitionSetIncorrectly', { definition: [['add', '/paths/~1events', { post: operation('OnEvent', { 'x-ms-trigger': 'single', responses: { '202': { description: 'Accepted.' } } }) }]] }, 'RSP8', 'warning', '/paths/~1events/post/responses'),
  // Not supported
  row('CollectionFormatValueNotSupported', { definition: [['add', `${CREATE}/parameters/-`, { name: 'ids', in: 'query', type: 'array', items: { type: 'string' }, collectionFormat: 'pipes' }]] }, 'NS1', 'warning', `${CREATE}/parameters/2/collectionFormat`),
  row('PathItemRefNotSuppored', { definition: [['add', '/paths/~1other', { $ref: '#/paths/~1identities' }]] }, 'NS2', 'error', '/paths/~1other/$ref'),
  row('SwaggerKeywordNotSupported', thing({ oneOf: [{ type: 'string' }, { type: 'integer' }] }), 'NS3', 'error', '/definitions/Thing/oneOf'),
  // Security
  row('OAuthSecurityRequirementValueMustBeScopeName', { definition: [['add', '/securityDefinitions/oauth', OAUTH], ['replace', '/security', [{ oauth: ['write'] }]]] }, 'SEC1', 'warning', '/security/0/oauth/0'),
  row('SecurityRequirementMustBeDefined', { definition: [['replace', '/security', [{ missing: [] }]]] }, 'SEC2', 'warning', '/security/0/missing'),
  row('SecurityRequirementMustHaveEmptyValue', { definition: [['add', '/securityDefinitions/key', { type: 'apiKey', name: 'key', in: 'header' }], ['add', `${CREATE}/security`, [{ key: ['read'] }]]] }, 'SEC3', 'error', `${CREATE}/security/0/key`),
  row('SecurityRequirementMustHaveValue', { definition: [['add', '/securityDefinitions/key', { type: 'apiKey', name: 'key', in: 'header' }], ['replace', '/security', [{ key: null }]]] }, 'SEC4', 'error', '/security/0/key'),
  // Webhooks
  row('NotificationUrlNotAllowedInThisPosition', { definition: [['add', `${CREATE}/responses/201/schema/properties/identity/x-ms-notification-url`, true]] }, 'WH1', 'warning', `${CREATE}/responses/201/schema/properties/identity/x-ms-notification-url`),
  row('NotificationUrlNotInternal', hook({ url: { 'x-ms-visibility': 'advanced' } }), 'WH2', 'error', `${HOOK}/properties/callback`),
  row('NotificationUrlNotRequired', hook({ body: { required: false } }), 'WH3', 'warning', HOOK),
  row('NotificationUrlNotString', hook({ url: { type: 'integer' } }), 'WH4', 'warning', `${HOOK}/properties/callback`),
  row('MimeTypeNotSupported', { definition: [['replace', '/consumes', ['application/xml']]] }, 'S16', 'warning', '/consumes/0'),
];

describe("Microsoft's catalog codes, one seeded defect each", () => {
  it.each(ROWS.map((entry) => [entry.code, entry] as const))('%s', async (_code, entry) => {
    const findings = await validateFiles(seeded(entry.base ?? 'package', entry.edits));
    const brief = findings.map(({ ruleId, msCode, severity, location }) => ({ ruleId, msCode, severity, location }));
    expect(brief).toContainEqual({ ruleId: entry.rule, msCode: entry.code, severity: entry.level, location: entry.at });
  });

  it('has a row for every code a rule declares, and each row names a rule that declares its code', () => {
    const declared = new Set(RULES.flatMap((rule) => msCodesOf(rule)));
    const rowed = new Set(ROWS.map((entry) => entry.code));
    expect(
      [...declared].filter((code) => !rowed.has(code)),
      'codes without a row',
    ).toEqual([]);
    for (const entry of ROWS)
      expect(msCodesOf(RULES.find((rule) => rule.id === entry.rule) ?? {}), entry.code).toContain(entry.code);
  });

  it('the unchanged bases have no finding, and the webhook base none of the webhook rules', async () => {
    expect(await validateFiles(seeded('package', {}))).toEqual([]);
    expect(await validateFiles(seeded('minimal', {}))).toEqual([]);
    const findings = await validateFiles(seeded('package', hook({})));
    expect(findings.filter((finding) => finding.ruleId.startsWith('WH'))).toEqual([]);
  });
});

describe('the catalog registry', () => {
  const catalogFile = path.join(REFERENCE_DIR, 'swagger-validator-catalog.tsv');

  it.skipIf(!existsSync(catalogFile))("lists exactly the codes of Microsoft's published catalog", () => {
    const published = readFileSync(catalogFile, 'utf8')
      .split('\n')
      .slice(1)
      .filter((line) => line.trim() !== '')
      .map((line) => line.split('\t')[1]);
    expect([...CATALOG_CODES].sort()).toEqual([...published].sort());
    expect(CATALOG_CODES).toHaveLength(174);
  });

  it('every code a rule declares is a catalog code, and no code is both checked and called undecidable', () => {
    const known = new Set<string>(CATALOG_CODES);
    for (const rule of RULES)
      for (const code of msCodesOf(rule)) expect(known.has(code), `${rule.id}: ${code}`).toBe(true);
    for (const entry of catalogStatus(RULES))
      if (entry.status === 'checked') expect(UNDECIDABLE[entry.code], entry.code).toBeUndefined();
  });
});

describe('rule modules', () => {
  const rulesDir = path.join(REPO_ROOT, 'src/validate/rules');
  const modules = readdirSync(rulesDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && file.includes(path.sep))
    .map((file) => ({ file, source: readFileSync(path.join(rulesDir, file), 'utf8') }))
    .filter(({ source }) => /^export default /m.test(source));

  it('every rule module is listed in rules/index.ts, and is named after its rule id', async () => {
    const ids = new Set(RULES.map((rule) => rule.id));
    for (const { file } of modules) {
      const rule = (await import(path.join(rulesDir, file))).default as { id: string };
      expect(path.basename(file, '.ts'), file).toBe(rule.id);
      expect(ids.has(rule.id), `${file} is not listed in src/validate/rules/index.ts`).toBe(true);
    }
    expect(modules.length).toBe(RULES.length);
  });

  it('rule ids are unique', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
