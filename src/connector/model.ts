import type { z } from 'zod';
import { ConnectorModelSchema, type FieldModel } from './schema.ts';
import { TOKEN_LIFETIME_MINUTES } from '../shared/acs-identity.ts';

/**
 * The single source of truth for the connector: its operations as the ACS Identity REST
 * specification (2025-06-30) defines them, with the operationIds of Microsoft's certified
 * connector so that flows built on it keep working. `npm run build` turns this into
 * apiDefinition.swagger.json, apiProperties.json (whose scriptOperations are all of them) and
 * the README's Supported Operations; each operation's `demo` is its step in `npm start`.
 */

export const API_VERSION = '2025-06-30';

/** The five token scopes of ACS Identity, with the names makers pick from. */
const tokenScope: FieldModel = {
  type: 'string',
  enum: [
    { value: 'chat', displayName: 'Chat' },
    { value: 'voip', displayName: 'Calling (VoIP)' },
    { value: 'chat.join', displayName: 'Chat: Join Only' },
    { value: 'chat.join.limited', displayName: 'Chat: Join Only, Limited' },
    { value: 'voip.join', displayName: 'Calling: Join Only' },
  ],
};

const SCOPE_HELP =
  'Chat and Calling (VoIP) give full access; the Join Only scopes let the user take part in existing chats or calls without creating them, and Chat: Join Only, Limited also keeps the user from adding or removing participants.';

const expiresInMinutes: FieldModel = {
  type: 'integer',
  format: 'int32',
  title: 'Token Lifetime (Minutes)',
  description: `How long the access token stays valid, from ${TOKEN_LIFETIME_MINUTES.minimum} to ${TOKEN_LIFETIME_MINUTES.maximum} minutes. When empty, the token is valid for ${TOKEN_LIFETIME_MINUTES.default} minutes (24 hours).`,
  visibility: 'advanced',
  minimum: TOKEN_LIFETIME_MINUTES.minimum,
  maximum: TOKEN_LIFETIME_MINUTES.maximum,
  default: TOKEN_LIFETIME_MINUTES.default,
};

const accessTokenProperties: Record<string, FieldModel> = {
  token: {
    type: 'string',
    title: 'Access Token',
    description:
      "The access token to hand to the user's app. Treat it as a secret: it lets its holder act as the user.",
  },
  expiresOn: {
    type: 'string',
    format: 'date-time',
    title: 'Token Expiry Time',
    description: 'The date and time (UTC) when the access token stops working.',
  },
};

/** Headers the connection's policies add for script.csx; the script removes them before sending. */
export const CONNECTION_STRING_HEADER = 'Connection-String';
export const ENDPOINT_HEADER = 'Communication-Endpoint';

const ERROR_BODY = "The body's error object gives a code, a message and the target field.";
const tokenError400 = {
  description: `The request was not valid, for example an unknown token scope or a token lifetime outside ${TOKEN_LIFETIME_MINUTES.minimum} to ${TOKEN_LIFETIME_MINUTES.maximum} minutes. ${ERROR_BODY}`,
};
const userError400 = { description: `The request was not valid, for example a malformed user ID. ${ERROR_BODY}` };
const error401 = {
  description:
    'The connection was refused (a wrong or rotated access key, or a Microsoft Entra token the resource does not accept), or the user belongs to another Communication Services resource. Check the connection, then try again.',
};
const error403 = {
  description:
    'The Microsoft Entra ID application of the connection has no role on the Communication Services resource that allows this action (for example Contributor).',
};
const error404 = { description: 'No user with this ID exists in the Communication Services resource.' };
/** The failures of an operation on an existing user that sends no token options. */
const userErrors = { '400': userError400, '401': error401, '403': error403, '404': error404 };

const TEAMS_PERMISSIONS = 'Teams.ManageCalls and/or Teams.ManageChats';
const TEAMS_PHONE_PERMISSION = 'TeamsExtension.ManageCalls';

/** Teams Phone extensibility: the principals an assignment can be for (TeamsExtensionPrincipalType). */
const principalType: FieldModel = {
  type: 'string',
  title: 'Principal Type',
  description: 'Whether the assignment is for a Teams resource account (a contact centre line) or a Teams user.',
  enum: [
    { value: 'resourceAccount', displayName: 'Resource Account' },
    { value: 'user', displayName: 'User' },
  ],
};

const clientIds: FieldModel = {
  type: 'array',
  title: 'Application (Client) IDs',
  description:
    'The Application (client) IDs of the Microsoft Entra applications through which the Teams user may use the resource. Leave empty for a resource account.',
  items: {
    type: 'string',
    format: 'uuid',
    title: 'Application (Client) ID',
    description: 'An Application (client) ID, a GUID.',
  },
};

const assignmentProperties: Record<string, FieldModel> = {
  objectId: {
    type: 'string',
    title: 'Object ID',
    description: 'The Object ID of the Teams resource account or user.',
  },
  tenantId: {
    type: 'string',
    title: 'Tenant ID',
    description: 'The Directory (tenant) ID of its Microsoft Entra tenant.',
  },
  principalType,
  clientIds,
};

const GUID_ERROR = 'the tenant ID or object ID is not a GUID';
const guidError400 = { description: `The request was not valid, for example ${GUID_ERROR}. ${ERROR_BODY}` };
const assignmentError400 = {
  description: `The request was not valid, for example ${GUID_ERROR}, an unknown principal type, or an application ID that is not a GUID. ${ERROR_BODY}`,
};
const assignmentError404 = {
  description:
    'The Teams resource account or user has no Teams Phone assignment on this Communication Services resource.',
};
/** Assignments are the resource owner's: a connection string, or an application with a role on the resource. */
const error401Owner = {
  description:
    'The connection was refused (a wrong or rotated access key, or a Microsoft Entra token the resource does not accept). Check the connection, then try again.',
};
/** What reading or removing one assignment can fail with. */
const assignmentErrors = { '400': guidError400, '401': error401Owner, '403': error403, '404': assignmentError404 };

const model: z.input<typeof ConnectorModelSchema> = {
  info: {
    title: 'Azure Communication Identity',
    description:
      "Create and delete Azure Communication Services users, issue or revoke the access tokens that let those users chat and call from your apps, exchange a Microsoft Teams user's token for one, and give Teams resource accounts Teams Phone access. Connect with the connection string of your Communication Services resource, or as a Microsoft Entra ID application.",
    version: '1.0',
    contact: {
      name: 'ACS Identity Connector Contributors',
      url: 'https://learn.microsoft.com/azure/communication-services/concepts/identity-model',
      email: 'acs-identity-connector@users.noreply.github.com',
    },
  },
  // A placeholder: the connector's code sends each request to the endpoint of the connection string.
  host: 'api.contoso.com',
  basePath: '/',
  schemes: ['https'],
  metadata: {
    website: 'https://azure.microsoft.com/products/communication-services',
    privacyPolicy: 'https://privacy.microsoft.com/privacystatement',
    categories: ['Communication', 'IT Operations'],
  },
  connection: {
    displayName: 'Authentication Type',
    description: 'How the connection signs in to your Communication Services resource.',
    sets: [
      {
        name: 'connectionString',
        displayName: 'Connection String',
        description: 'Sign in with the connection string (access key) of your Communication Services resource.',
        allowSharing: true,
        parameters: [
          {
            name: 'connectionString',
            type: 'securestring',
            displayName: 'Connection String',
            description: 'The connection string of your Azure Communication Services resource.',
            tooltip:
              'In the Azure portal, open your Communication Services resource, then Settings > Keys, and copy the primary or secondary Connection string. It looks like endpoint=https://<resource>.communication.azure.com/;accesskey=<key>.',
            header: CONNECTION_STRING_HEADER,
          },
        ],
      },
      {
        name: 'entraApplication',
        displayName: 'Microsoft Entra ID Application',
        description:
          'Sign in as a Microsoft Entra ID application (service principal) that has a role on the Communication Services resource, for resources whose access keys are disabled.',
        allowSharing: false,
        clientCredentials: {
          // Power Platform fills a "token:" part into this oauthSetting and sends the bearer token it gets.
          parameterName: 'token',
          resourceUri: 'https://communication.azure.com',
          loginUri: 'https://login.microsoftonline.com',
          displayName: 'Microsoft Entra ID Application',
          description: "Gets a token for Azure Communication Services with the application's client ID and secret.",
        },
        parameters: [
          {
            name: 'endpoint',
            type: 'string',
            displayName: 'Endpoint',
            description: 'The endpoint URL of your Azure Communication Services resource.',
            tooltip:
              'In the Azure portal, open your Communication Services resource, then Overview, and copy the Endpoint. It looks like https://<resource>.communication.azure.com/.',
            header: ENDPOINT_HEADER,
          },
          {
            // Not "token:TenantId": the published schema keeps that name for the hidden, signed-in user's tenant.
            name: 'token:tenantId',
            type: 'string',
            displayName: 'Tenant ID',
            description: 'The directory (tenant) ID of your Microsoft Entra ID application.',
            tooltip:
              'In the Azure portal, open Microsoft Entra ID, then App registrations, your application, and copy the Directory (tenant) ID.',
          },
          {
            name: 'token:clientId',
            type: 'string',
            displayName: 'Client ID',
            description: 'The application (client) ID of your Microsoft Entra ID application.',
            tooltip:
              'In the Azure portal, open Microsoft Entra ID, then App registrations, your application, and copy the Application (client) ID.',
          },
          {
            name: 'token:clientSecret',
            type: 'securestring',
            displayName: 'Client Secret',
            description: 'A client secret of your Microsoft Entra ID application.',
            tooltip:
              "In the application's Certificates & secrets, create a client secret and copy its Value (not its Secret ID).",
          },
        ],
      },
    ],
  },
  brandColor: '#3C1D6E',
  publisher: 'ACS Identity Connector Contributors',
  stackOwner: 'Microsoft Corporation',
  parameters: {
    ApiVersion: {
      name: 'api-version',
      in: 'query',
      required: true,
      type: 'string',
      default: API_VERSION,
      visibility: 'internal',
      title: 'API Version',
      description: 'The version of the Communication Services Identity service to call.',
    },
    IdentityId: {
      name: 'identityId',
      in: 'path',
      required: true,
      type: 'string',
      urlEncoding: 'single',
      visibility: 'important',
      title: 'User ID',
      description: 'The ID of the Communication Services user, as returned by Create a user (it starts with 8:acs:).',
    },
    TenantId: {
      name: 'tenantId',
      in: 'path',
      required: true,
      type: 'string',
      format: 'uuid',
      urlEncoding: 'single',
      visibility: 'important',
      title: 'Tenant ID',
      description:
        'The Directory (tenant) ID of the Microsoft Entra tenant that the Teams resource account or user belongs to, a GUID.',
    },
    ObjectId: {
      name: 'objectId',
      in: 'path',
      required: true,
      type: 'string',
      format: 'uuid',
      urlEncoding: 'single',
      visibility: 'important',
      title: 'Object ID',
      description:
        'The Object ID of the Teams resource account or user in Microsoft Entra ID, a GUID (for a resource account, the ObjectId that Get-CsOnlineApplicationInstance shows).',
    },
  },
  definitions: {
    // The body of every 4xx response; kept here so tools can read the error shape.
    CommunicationErrorResponse: {
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          title: 'Error',
          description: 'What went wrong.',
          required: ['code', 'message'],
          properties: {
            code: {
              type: 'string',
              title: 'Error Code',
              description: 'A short code for the error, such as ValidationError or Denied.',
            },
            message: { type: 'string', title: 'Error Message', description: 'A description of the error.' },
            target: {
              type: 'string',
              title: 'Error Target',
              description: 'The request field the error is about, when there is one.',
            },
          },
        },
      },
    },
  },
  operations: [
    {
      operationId: 'CreateCommunicationIdentity',
      method: 'post',
      path: '/identities',
      summary: 'Create a user',
      description:
        'Creates a new user in your Communication Services resource. To get an access token for the new user in the same step, choose one or more token scopes.',
      parameters: ['ApiVersion'],
      body: {
        name: 'body',
        required: false,
        title: 'Token Options',
        description: 'Leave empty to create a user only, or choose token scopes to also issue an access token.',
        schema: {
          type: 'object',
          properties: {
            createTokenWithScopes: {
              type: 'array',
              title: 'Token Scopes',
              description: `To also issue an access token, choose what it allows. ${SCOPE_HELP}`,
              visibility: 'important',
              items: tokenScope,
            },
            expiresInMinutes: {
              ...expiresInMinutes,
              description: `${expiresInMinutes.description} Used only when you choose token scopes.`,
            },
          },
        },
      },
      responses: {
        '201': {
          description: 'The user was created, with an access token when token scopes were chosen.',
          schema: {
            type: 'object',
            required: ['identity'],
            properties: {
              identity: {
                type: 'object',
                title: 'User',
                description: 'The user that was created.',
                required: ['id'],
                properties: {
                  id: {
                    type: 'string',
                    title: 'User ID',
                    description: 'The ID of the new user. Store it to issue tokens for this user later.',
                  },
                },
              },
              accessToken: {
                type: 'object',
                title: 'Access Token Details',
                description: 'The access token of the new user, present only when token scopes were chosen.',
                required: ['token', 'expiresOn'],
                properties: accessTokenProperties,
              },
            },
          },
        },
        '400': tokenError400,
        '401': error401,
        '403': error403,
      },
      demo: {
        body: { createTokenWithScopes: ['chat', 'voip'], expiresInMinutes: 60 },
        keep: { userId: 'identity.id' },
      },
    },
    {
      operationId: 'DeleteCommunicationIdentity',
      method: 'delete',
      path: '/identities/{identityId}',
      summary: 'Delete a user',
      description:
        "Deletes the user, revokes all of the user's access tokens and deletes all data stored for the user. This cannot be undone.",
      parameters: ['ApiVersion', 'IdentityId'],
      responses: {
        '204': { description: 'The user was deleted.' },
        ...userErrors,
      },
      demo: {
        parameters: { identityId: '{userId}' },
        cleanup: { what: 'user', id: '{userId}' },
      },
    },
    {
      operationId: 'IssueIdentityAccessToken',
      method: 'post',
      path: '/identities/{identityId}/:issueAccessToken',
      summary: 'Issue a user access token',
      description:
        'Issues a new access token for an existing user with the scopes you choose. The token is valid for 24 hours unless you set a shorter lifetime.',
      parameters: ['ApiVersion', 'IdentityId'],
      body: {
        name: 'body',
        required: true,
        title: 'Token Request',
        description: 'The scopes and lifetime of the new access token.',
        schema: {
          type: 'object',
          required: ['scopes'],
          properties: {
            scopes: {
              type: 'array',
              title: 'Token Scopes',
              description: `What the access token allows. ${SCOPE_HELP}`,
              visibility: 'important',
              items: tokenScope,
            },
            expiresInMinutes,
          },
        },
      },
      responses: {
        '200': {
          description: 'The access token was issued.',
          schema: {
            type: 'object',
            required: ['token', 'expiresOn'],
            properties: accessTokenProperties,
          },
        },
        '400': tokenError400,
        '401': error401,
        '403': error403,
        '404': error404,
      },
      demo: { parameters: { identityId: '{userId}' }, body: { scopes: ['chat'], expiresInMinutes: 60 } },
    },
    {
      operationId: 'RevokeIdentityAccessTokens',
      method: 'post',
      path: '/identities/{identityId}/:revokeAccessTokens',
      summary: 'Revoke user access tokens',
      description:
        'Revokes all access tokens issued to the user until now, so that none of them works any more. The user itself is kept and can be issued new tokens.',
      parameters: ['ApiVersion', 'IdentityId'],
      responses: {
        '204': { description: 'All access tokens of the user were revoked.' },
        ...userErrors,
      },
      demo: { parameters: { identityId: '{userId}' } },
    },
    {
      operationId: 'ExchangeTeamsUserAccessToken',
      method: 'post',
      path: '/teamsUser/:exchangeAccessToken',
      summary: 'Exchange a Teams user access token',
      description: `Exchanges the Microsoft Entra access token of a Microsoft Teams user for a Communication Services access token, so that the user can chat and call from your app with their Teams identity. The new token expires no later than the Teams user's token.`,
      parameters: ['ApiVersion'],
      body: {
        name: 'body',
        required: true,
        title: 'Teams User Token',
        description: "The Teams user's Microsoft Entra access token, with the application and user it was issued to.",
        schema: {
          type: 'object',
          required: ['token', 'appId', 'userId'],
          properties: {
            token: {
              type: 'string',
              format: 'password',
              title: 'Teams User Access Token',
              description: `The Microsoft Entra access token of the Teams user, issued to your application for the ${TEAMS_PERMISSIONS} permissions of Azure Communication Services. Treat it as a secret.`,
              visibility: 'important',
            },
            appId: {
              type: 'string',
              title: 'Application (Client) ID',
              description:
                'The Application (client) ID of your Microsoft Entra application, as shown on its Overview page. It must match the application the token was issued to.',
              visibility: 'important',
            },
            userId: {
              type: 'string',
              title: 'Teams User Object ID',
              description:
                "The Object ID of the Teams user in Microsoft Entra ID, as shown on the user's profile. It must match the user the token was issued to.",
              visibility: 'important',
            },
          },
        },
      },
      responses: {
        '200': {
          description: "The Teams user's token was exchanged for a Communication Services access token.",
          schema: {
            type: 'object',
            required: ['token', 'expiresOn'],
            properties: accessTokenProperties,
          },
        },
        '400': {
          description: `The application ID or user ID is missing, is not a GUID, or is not the application or user the token was issued to. ${ERROR_BODY}`,
        },
        '401': {
          description:
            "The Teams user's token was refused: it is missing, expired, not a Microsoft Entra token for Communication Services, or lacks the Teams permissions. The connection may also have been refused.",
        },
        '403': error403,
      },
      demo: {
        signIn: 'teamsUser',
        body: { token: '{teamsUser.token}', appId: '{teamsUser.appId}', userId: '{teamsUser.userId}' },
        label: 'Teams user 8:orgid:{teamsUser.userId}',
      },
    },
    {
      operationId: 'CreateOrReplaceTeamsPhoneAssignment',
      method: 'put',
      path: '/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}',
      summary: 'Assign Teams Phone access',
      description:
        'Lets a Teams resource account or Teams user use your Communication Services resource for Teams Phone extensibility, or replaces the access it already has. The Created output tells whether the assignment is new.',
      parameters: ['ApiVersion', 'TenantId', 'ObjectId'],
      body: {
        name: 'body',
        required: true,
        title: 'Assignment',
        description: 'Who is given access, and through which applications.',
        schema: {
          type: 'object',
          required: ['principalType'],
          properties: {
            principalType: { ...principalType, visibility: 'important' },
            clientIds: { ...clientIds, visibility: 'advanced' },
          },
        },
      },
      responses: {
        '200': {
          description: 'The assignment was created or replaced; Created says which.',
          schema: {
            type: 'object',
            required: ['objectId', 'tenantId', 'principalType', 'created'],
            properties: {
              ...assignmentProperties,
              created: {
                type: 'boolean',
                title: 'Created',
                description:
                  'Yes when the assignment is new (the service answered 201), no when it replaced an existing one (200).',
              },
            },
          },
        },
        '400': assignmentError400,
        '401': error401Owner,
        '403': error403,
      },
      demo: {
        signIn: 'teamsPhoneUser',
        parameters: { tenantId: '{teamsPhoneUser.tenantId}', objectId: '{teamsPhoneUser.userId}' },
        body: { principalType: 'user', clientIds: ['{teamsPhoneUser.appId}'] },
        keep: { assignedObjectId: 'objectId' },
      },
    },
    {
      operationId: 'GetTeamsPhoneAssignment',
      method: 'get',
      path: '/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}',
      summary: 'Get a Teams Phone assignment',
      description:
        'Gets the Teams Phone access that your Communication Services resource gives a Teams resource account or Teams user. It fails with 404 when there is none.',
      parameters: ['ApiVersion', 'TenantId', 'ObjectId'],
      responses: {
        '200': {
          description: 'The assignment.',
          schema: {
            type: 'object',
            required: ['objectId', 'tenantId', 'principalType'],
            properties: assignmentProperties,
          },
        },
        ...assignmentErrors,
      },
      demo: {
        signIn: 'teamsPhoneUser',
        parameters: { tenantId: '{teamsPhoneUser.tenantId}', objectId: '{assignedObjectId}' },
      },
    },
    {
      operationId: 'DeleteTeamsPhoneAssignment',
      method: 'delete',
      path: '/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}',
      summary: 'Remove Teams Phone access',
      description:
        'Removes the Teams Phone access that your Communication Services resource gives a Teams resource account or Teams user. Its Teams Phone tokens can no longer be exchanged.',
      parameters: ['ApiVersion', 'TenantId', 'ObjectId'],
      responses: {
        '204': { description: 'The assignment was removed.' },
        ...assignmentErrors,
      },
      demo: {
        signIn: 'teamsPhoneUser',
        parameters: { tenantId: '{teamsPhoneUser.tenantId}', objectId: '{assignedObjectId}' },
        cleanup: { what: 'Teams Phone assignment', id: '{teamsPhoneUser.tenantId}/{assignedObjectId}' },
      },
    },
    {
      operationId: 'ExchangeTeamsPhoneAccessToken',
      method: 'post',
      path: '/access/teamsExtension/:exchangeAccessToken',
      summary: 'Exchange a Teams Phone access token',
      description:
        'Exchanges the Microsoft Entra access token of a Teams resource account or Teams user for a Communication Services access token of its Teams Phone identity, so that your app can answer and place Teams Phone calls for it. It needs an assignment on your resource.',
      parameters: ['ApiVersion'],
      body: {
        name: 'body',
        required: true,
        title: 'Teams Phone Token',
        description: 'The Microsoft Entra access token of the Teams resource account or user.',
        schema: {
          type: 'object',
          required: ['token'],
          properties: {
            token: {
              type: 'string',
              format: 'password',
              title: 'Teams Phone Access Token',
              description: `The Microsoft Entra access token of the Teams resource account or user, issued for the ${TEAMS_PHONE_PERMISSION} permission of Azure Communication Services. It is sent as the request's sign-in, not in its body. Treat it as a secret.`,
              visibility: 'important',
            },
          },
        },
      },
      responses: {
        '200': {
          description: 'The Teams Phone token was exchanged for a Communication Services access token.',
          schema: {
            type: 'object',
            required: ['identity', 'accessToken'],
            properties: {
              identity: {
                type: 'object',
                title: 'Teams Phone Identity',
                description: 'The Communication Services identity of the Teams resource account or user.',
                required: ['id'],
                properties: {
                  id: {
                    type: 'string',
                    title: 'Teams Phone Identity ID',
                    description:
                      'The ID of the identity, 8:acs: followed by the resource, tenant and object IDs. It is not a user that Create a user made.',
                  },
                },
              },
              accessToken: {
                type: 'object',
                title: 'Access Token Details',
                description: 'The Communication Services access token of the identity.',
                required: ['token', 'expiresOn'],
                properties: accessTokenProperties,
              },
            },
          },
        },
        '400': {
          description: `The Teams Phone token is missing, or the connection is not valid. ${ERROR_BODY}`,
        },
        '401': {
          description: `The Teams Phone token was refused: it is expired, not a Microsoft Entra token for Communication Services, or lacks the ${TEAMS_PHONE_PERMISSION} permission.`,
        },
        '403': {
          description:
            'The Teams resource account or user has no Teams Phone assignment on this Communication Services resource, or not for the application the token was issued to.',
        },
      },
      demo: {
        signIn: 'teamsPhoneUser',
        body: { token: '{teamsPhoneUser.token}' },
        label: 'Teams Phone user {teamsPhoneUser.userId}',
      },
    },
  ],
};

/** The parsed model; importing this module fails loudly if the model breaks a rule of schema.ts. */
export const connectorModel = parseModel(model);

export function parseModel(input: unknown) {
  const result = ConnectorModelSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(model)'}: ${issue.message}`);
    throw new Error(`The connector model in src/connector/model.ts is invalid:\n${problems.join('\n')}`);
  }
  return result.data;
}
