/** Error bodies of the service (recorded ones verbatim; the rest are the emulator's decisions). */

import { TOKEN_LIFETIME_MINUTES } from '../shared/acs-identity.ts';

export interface ErrorBody {
  error: { code: string; message: string; target?: string };
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent by the Entra ID stand-in: without the ACS service's headers. */
  entra?: boolean;
}

function error(status: number, code: string, message: string, target?: string): Reply {
  return {
    status,
    body: { error: target === undefined ? { code, message } : { code, message, target } } satisfies ErrorBody,
  };
}

// Recorded by Microsoft's SDK tests against the service.
export const denied = (): Reply => error(401, 'Denied', 'Denied by the resource provider.');
export const contentHashMismatch = (): Reply =>
  error(401, 'Denied', "Request 'x-ms-content-sha256' differs from generated content hash.");
export const expiryOutOfRange = (value: unknown): Reply =>
  error(
    400,
    'ValidationError',
    `ExpiresInMinutes value ${String(value)} is invalid. Value must be within the [${TOKEN_LIFETIME_MINUTES.minimum}, ${TOKEN_LIFETIME_MINUTES.maximum}] interval.`,
    'ExpiresInMinutes',
  );
export const scopesRequired = (): Reply =>
  error(400, 'ValidationError', 'Invalid scopes - Scopes field is required.', 'scopes');
export const identityNotOwned = (): Reply =>
  error(401, 'IdentityNotOwned', "Provided identity doesn't belong to the resource.");
export const teamsTokenInvalid = (): Reply => error(401, 'InvalidAccessToken', 'Provided access token is not valid.');
// Recorded by Microsoft's .NET and JavaScript SDK tests of the Teams exchange (2022-06-01, 2022-10-01).
export const teamsFieldRequired = (field: 'AppId' | 'UserId'): Reply =>
  error(400, 'ValidationError', `${field}: The ${field} field is required.`, field);
export const teamsFieldFormat = (field: 'AppId' | 'UserId', target: 'appId' | 'userId'): Reply =>
  error(400, 'ValidationError', `Provided ${field} has invalid format.`, target);
export const teamsWrongApplication = (): Reply =>
  error(400, 'ValidationError', 'AAD application is not the expected one.', 'appId');
export const teamsWrongUser = (): Reply =>
  error(400, 'ValidationError', 'Provided AAD token issued for unexpected user.', 'userId');

const ECHO_LIMIT = 64;

/**
 * A client's value as an error message may quote it: scalars (strings cut short), and only the
 * kind of an array or object, whose nesting is the client's to choose and could be arbitrarily deep.
 */
function echo(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value !== 'string') return String(value);
  return JSON.stringify(value.length > ECHO_LIMIT ? `${value.slice(0, ECHO_LIMIT)}…` : value);
}

// Not recorded anywhere public: the emulator's documented decisions.
export const bearerDenied = (): Reply => ({
  ...denied(),
  headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
});
export const roleMissing = (): Reply =>
  error(
    403,
    'Forbidden',
    'The application has no role on this Communication Services resource that allows this operation (for example Contributor).',
  );
export const unsupportedApiVersion = (version: string, supported: string): Reply =>
  error(
    400,
    'UnsupportedApiVersion',
    `The api-version '${version}' is not supported. Supported versions: ${supported}.`,
    'api-version',
  );
export const missingApiVersion = (): Reply =>
  error(
    400,
    'MissingApiVersionParameter',
    'The api-version query parameter (?api-version=) is required for all requests.',
    'api-version',
  );
export const unknownScope = (scope: unknown, valid: readonly string[]): Reply =>
  error(
    400,
    'ValidationError',
    `Invalid scopes - ${echo(scope)} is not a valid scope. Valid scopes: ${valid.join(', ')}.`,
    'scopes',
  );
export const invalidScopesType = (field: string): Reply =>
  error(400, 'ValidationError', `Invalid scopes - ${field} must be an array of scope names.`, field);
export const expiryNotInteger = (value: unknown): Reply =>
  error(
    400,
    'ValidationError',
    `ExpiresInMinutes value ${echo(value)} is invalid. Value must be an integer within the [${TOKEN_LIFETIME_MINUTES.minimum}, ${TOKEN_LIFETIME_MINUTES.maximum}] interval.`,
    'ExpiresInMinutes',
  );
export const malformedId = (): Reply =>
  error(
    400,
    'ValidationError',
    "Identifier is not a valid Communication Services identity; expected '8:acs:<resource id>_<user id>'.",
    'id',
  );
export const identityNotFound = (): Reply => error(404, 'IdentityNotFound', 'Identity was not found.', 'id');
export const invalidJson = (): Reply => error(400, 'ValidationError', 'The request body is not valid JSON.', 'body');
export const bodyNotObject = (): Reply =>
  error(400, 'ValidationError', 'The request body must be a JSON object.', 'body');
export const bodyTooLarge = (limit: number): Reply =>
  error(413, 'RequestBodyTooLarge', `The request body is larger than ${limit} bytes.`);
export const notFound = (): Reply => error(404, 'NotFound', 'No Communication Identity operation exists at this path.');
export const methodNotAllowed = (allowed: string): Reply => ({
  ...error(405, 'MethodNotAllowed', `This path accepts only ${allowed}.`),
  headers: { allow: allowed },
});
export const internalError = (): Reply => error(500, 'InternalError', 'The emulator failed to handle the request.');

// Teams Phone extensibility (api-version 2025-06-30): the service's answers to these are not public.
export const invalidGuid = (target: string): Reply =>
  error(400, 'ValidationError', `${target} must be a GUID, such as c70d068c-2f32-484d-9455-73070cd5aadd.`, target);
export const principalTypeRequired = (): Reply =>
  error(400, 'ValidationError', 'PrincipalType: The PrincipalType field is required.', 'principalType');
export const unknownPrincipalType = (value: unknown, valid: readonly string[]): Reply =>
  error(
    400,
    'ValidationError',
    `PrincipalType ${echo(value)} is not valid. Valid values: ${valid.join(', ')}.`,
    'principalType',
  );
export const invalidClientIds = (): Reply =>
  error(400, 'ValidationError', 'ClientIds must be an array of application (client) IDs (GUIDs).', 'clientIds');
export const assignmentNotFound = (): Reply =>
  error(404, 'AssignmentNotFound', 'Teams Phone access assignment was not found.', 'objectId');
export const teamsPhoneTokenRequired = (): Reply => ({
  ...error(
    401,
    'InvalidAccessToken',
    "This operation takes the Microsoft Entra access token of a Teams Phone user or resource account (Authorization: Bearer), not the resource's key or an application's token.",
  ),
  headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
});
export const notAssigned = (): Reply =>
  error(
    403,
    'Forbidden',
    'No Teams Phone access assignment of this Communication Services resource lets this user or resource account in through this application.',
  );
