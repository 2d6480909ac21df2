import { createPublicKey, verify } from 'node:crypto';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMUNICATION_AUDIENCE,
  TEAMS_AUDIENCE,
  startEmulator,
  type EntraApplication,
  type RunningEmulator,
} from '../../src/emulator/index.ts';
import { SigningKey } from '../../src/emulator/jwt.ts';
import { ClientSecretTokenSource } from '../../src/runtime/client-credentials.ts';
import { httpOnTheWire, newAccessKey, rawRequest, send, type RawResponse } from './helpers.ts';

const API = 'api-version=2023-10-01';
const SCOPE = 'https://communication.azure.com/.default';
const ROLELESS_TENANT = '6f0c3f0e-1d55-4a1b-9a57-3f3ad1f2c001';
let now = Date.now();
let emulator: RunningEmulator;
let accessKey: string;
let app: EntraApplication;
let roleless: EntraApplication;

beforeAll(async () => {
  accessKey = newAccessKey();
  emulator = await startEmulator({
    accessKey,
    clock: () => now,
    applications: [{}, { tenantId: ROLELESS_TENANT, role: null }],
  });
  [app, roleless] = emulator.applications as [EntraApplication, EntraApplication];
});
afterAll(() => emulator.close());

function tokenRequest(
  tenant: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const body = new URLSearchParams(fields).toString();
  return rawRequest(emulator.endpoint, {
    method: 'POST',
    target: `/${tenant}/oauth2/v2.0/token`,
    headers: {
      host: new URL(emulator.endpoint).host,
      'content-type': 'application/x-www-form-urlencoded',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    },
    body,
  });
}

const grant = (application: EntraApplication, overrides: Record<string, string> = {}) => ({
  grant_type: 'client_credentials',
  client_id: application.clientId,
  client_secret: application.clientSecret,
  scope: SCOPE,
  ...overrides,
});

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

function withBearer(token: string, method: string, target: string, body = ''): Promise<RawResponse> {
  return rawRequest(emulator.endpoint, {
    method,
    target,
    body,
    headers: {
      host: new URL(emulator.endpoint).host,
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    },
  });
}

async function appToken(application: EntraApplication = app): Promise<string> {
  const response = await tokenRequest(application.tenantId, grant(application));
  expect(response.status).toBe(200);
  return response.json.access_token;
}

describe('Entra ID stand-in: discovery', () => {
  it('publishes an OpenID configuration per tenant whose token endpoint and JWKS are its own', async () => {
    const config = await rawRequest(emulator.endpoint, {
      method: 'GET',
      target: `/${app.tenantId}/v2.0/.well-known/openid-configuration`,
      headers: {},
    });
    expect(config.status).toBe(200);
    expect(config.json.token_endpoint).toBe(`${emulator.endpoint}${app.tenantId}/oauth2/v2.0/token`);
    expect(config.json.issuer).toBe(`${emulator.endpoint}${app.tenantId}/v2.0`);
    const v1 = await rawRequest(emulator.endpoint, {
      method: 'GET',
      target: `/${app.tenantId}/.well-known/openid-configuration`,
      headers: {},
    });
    expect(v1.json.issuer).toBe(`${emulator.endpoint}${app.tenantId}/`);

    // The token's signature checks out with the published key, as a resource server would check it.
    const token = await appToken();
    const keys = await rawRequest(emulator.endpoint, {
      method: 'GET',
      target: new URL(config.json.jwks_uri).pathname,
      headers: {},
    });
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    const jwk = keys.json.keys.find((key: { kid: string }) => key.kid === header.kid);
    expect(header.alg).toBe('RS256');
    const [h, p, s] = token.split('.');
    expect(
      verify(
        'sha256',
        Buffer.from(`${h}.${p}`),
        createPublicKey({ key: jwk, format: 'jwk' }),
        Buffer.from(s!, 'base64url'),
      ),
    ).toBe(true);
  });

  it('answers an unknown tenant with invalid_tenant (AADSTS90002)', async () => {
    const response = await rawRequest(emulator.endpoint, {
      method: 'GET',
      target: '/11111111-2222-3333-4444-555555555555/v2.0/.well-known/openid-configuration',
      headers: {},
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
  });
});

describe('Entra ID stand-in: client-credentials grant', () => {
  it('issues a v1 app token for the ACS resource, as Entra does, for both scope spellings', async () => {
    for (const scope of [SCOPE, 'https://communication.azure.com//.default']) {
      const response = await tokenRequest(app.tenantId, grant(app, { scope }));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(response.headers['ms-cv']).toBeUndefined();
      expect(response.json).toMatchObject({ token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599 });
      const claims = claimsOf(response.json.access_token);
      expect(claims).toMatchObject({
        aud: COMMUNICATION_AUDIENCE,
        iss: `${emulator.endpoint}${app.tenantId}/`,
        tid: app.tenantId,
        appid: app.clientId,
        oid: app.objectId,
        idtyp: 'app',
        ver: '1.0',
      });
      expect((claims.exp as number) - (claims.iat as number)).toBe(3599);
    }
  });

  it('accepts the client secret in an Authorization: Basic header (client_secret_basic)', async () => {
    const basic = Buffer.from(`${app.clientId}:${encodeURIComponent(app.clientSecret)}`).toString('base64');
    const response = await tokenRequest(
      app.tenantId,
      { grant_type: 'client_credentials', scope: SCOPE },
      { authorization: `Basic ${basic}` },
    );
    expect(response.status).toBe(200);
  });

  const refusals: Array<[string, () => Promise<RawResponse>, number, string, number]> = [
    [
      'a wrong secret',
      () => tokenRequest(app.tenantId, grant(app, { client_secret: 'not-the-secret' })),
      401,
      'invalid_client',
      7000215,
    ],
    [
      'no secret',
      () => tokenRequest(app.tenantId, { grant_type: 'client_credentials', client_id: app.clientId, scope: SCOPE }),
      401,
      'invalid_client',
      7000218,
    ],
    [
      'an unknown client',
      () => tokenRequest(app.tenantId, grant(app, { client_id: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9' })),
      400,
      'unauthorized_client',
      700016,
    ],
    [
      'the client in another tenant',
      () => tokenRequest(ROLELESS_TENANT, grant(app)),
      400,
      'unauthorized_client',
      700016,
    ],
    [
      'an unknown tenant',
      () => tokenRequest('11111111-2222-3333-4444-555555555555', grant(app)),
      400,
      'invalid_tenant',
      90002,
    ],
    [
      'no grant_type',
      () => tokenRequest(app.tenantId, { client_id: app.clientId, client_secret: app.clientSecret, scope: SCOPE }),
      400,
      'invalid_request',
      900144,
    ],
    [
      'another grant',
      () => tokenRequest(app.tenantId, grant(app, { grant_type: 'password' })),
      400,
      'unsupported_grant_type',
      70003,
    ],
    [
      'no scope',
      () =>
        tokenRequest(app.tenantId, {
          grant_type: 'client_credentials',
          client_id: app.clientId,
          client_secret: app.clientSecret,
        }),
      400,
      'invalid_request',
      900144,
    ],
    [
      'a delegated scope',
      () => tokenRequest(app.tenantId, grant(app, { scope: 'https://communication.azure.com/user_impersonation' })),
      400,
      'invalid_scope',
      1002012,
    ],
    [
      'another resource',
      () => tokenRequest(app.tenantId, grant(app, { scope: 'https://graph.microsoft.com/.default' })),
      400,
      'invalid_resource',
      500011,
    ],
    [
      'a GET',
      () => rawRequest(emulator.endpoint, { method: 'GET', target: `/${app.tenantId}/oauth2/v2.0/token`, headers: {} }),
      400,
      'invalid_request',
      900561,
    ],
  ];
  it.each(refusals)("refuses %s with Entra's error shape", async (_case, request, status, error, code) => {
    const response = await request();
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({
      error,
      error_codes: [code],
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    });
    expect(response.json.error_description).toMatch(
      new RegExp(
        `^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
      ),
    );
    expect(response.json.timestamp).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
    expect(response.body).not.toContain(app.clientSecret);
  });

  it("uses the caller's client-request-id as the correlation id", async () => {
    const requestId = '0b7b1e5c-5a0e-4c0e-9d3c-2f1a7e3c9d11';
    const response = await tokenRequest(app.tenantId, grant(app, { client_secret: 'wrong' }), {
      'client-request-id': requestId,
    });
    expect(response.json.correlation_id).toBe(requestId);
  });
});

describe('ACS routes with Authorization: Bearer', () => {
  it('accept a token of an application with a role, side by side with HMAC', async () => {
    const token = await appToken();
    const created = await withBearer(token, 'POST', `/identities?${API}`, '{"createTokenWithScopes":["chat"]}');
    expect(created.status).toBe(201);
    const id: string = created.json.identity.id;
    const target = `/identities/${encodeURIComponent(id)}`;
    expect((await withBearer(token, 'POST', `${target}/:issueAccessToken?${API}`, '{"scopes":["voip"]}')).status).toBe(
      200,
    );
    expect((await send(emulator.endpoint, accessKey, 'POST', `${target}/:revokeAccessTokens?${API}`)).status).toBe(204);
    expect((await withBearer(token, 'DELETE', `${target}?${API}`)).status).toBe(204);
  });

  it('refuse an application without a role on the resource with 403', async () => {
    const response = await withBearer(await appToken(roleless), 'POST', `/identities?${API}`);
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('Forbidden');
  });

  it('refuse forged, tampered, wrong-audience, expired and not-yet-valid tokens with 401, before revealing any path', async () => {
    const token = await appToken();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const forger = await SigningKey.generate('entra-');
    const forged = await forger.sign(claimsOf(token));
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claimsOf(token), oid: roleless.objectId })).toString('base64url')}.${signature}`;
    const teams = (
      await emulator.entra.issueToken({
        tenantId: app.tenantId,
        audience: TEAMS_AUDIENCE,
        appId: app.clientId,
        objectId: app.objectId,
      })
    ).token;
    const future = (
      await emulator.entra.issueToken({
        tenantId: app.tenantId,
        audience: COMMUNICATION_AUDIENCE,
        appId: app.clientId,
        objectId: app.objectId,
        extraClaims: { nbf: Math.floor(now / 1000) + 600 },
      })
    ).token;
    const bad = { forged, tampered, teams, future, garbage: 'not-a-jwt', truncated: `${header}.${payload}.` };
    for (const [name, candidate] of Object.entries(bad)) {
      for (const target of [`/identities?${API}`, `/no/such/path?${API}`]) {
        const response = await withBearer(candidate, 'POST', target);
        expect({ name, status: response.status, body: response.json }).toEqual({
          name,
          status: 401,
          body: { error: { code: 'Denied', message: 'Denied by the resource provider.' } },
        });
        expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      }
    }

    const saved = now;
    now += 3600 * 1000;
    try {
      expect((await withBearer(token, 'POST', `/identities?${API}`)).status).toBe(401);
    } finally {
      now = saved;
    }
    expect((await withBearer(token, 'POST', `/identities?${API}`)).status).toBe(201);
  });

  it('refuse a token of another emulator run (another signing key)', async () => {
    const other = await startEmulator({
      applications: [{ tenantId: app.tenantId, clientId: app.clientId, clientSecret: app.clientSecret }],
    });
    try {
      const response = await tokenRequest(app.tenantId, grant(app));
      const foreign = (
        await other.entra.issueToken({
          tenantId: app.tenantId,
          audience: COMMUNICATION_AUDIENCE,
          appId: app.clientId,
          objectId: app.objectId,
        })
      ).token;
      expect(response.status).toBe(200);
      expect((await withBearer(foreign, 'POST', `/identities?${API}`)).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('@azure/communication-identity with a TokenCredential from the stand-in', () => {
  it('runs create, issue, revoke and delete with an Entra application instead of the access key', async () => {
    const credential = new ClientSecretTokenSource(
      {
        tenantId: app.tenantId,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
        authorityHost: emulator.endpoint,
      },
      () => now,
    );
    const client = new CommunicationIdentityClient(emulator.endpoint.replace(/^http:/, 'https:'), credential, {
      httpClient: httpOnTheWire(),
      retryOptions: { maxRetries: 0 },
    });
    const { user, token } = await client.createUserAndToken(['chat']);
    expect(user.communicationUserId).toMatch(new RegExp(`^8:acs:${emulator.resourceId}_`));
    expect(claimsOf(token).acsScope).toBe('chat');
    expect((await client.getToken(user, ['voip'])).token).toBeTruthy();
    await client.revokeTokens(user);
    await client.deleteUser(user);
  });

  it('surfaces the 403 of an application without a role', async () => {
    const credential = new ClientSecretTokenSource(
      {
        tenantId: roleless.tenantId,
        clientId: roleless.clientId,
        clientSecret: roleless.clientSecret,
        authorityHost: emulator.endpoint,
      },
      () => now,
    );
    const client = new CommunicationIdentityClient(emulator.endpoint.replace(/^http:/, 'https:'), credential, {
      httpClient: httpOnTheWire(),
      retryOptions: { maxRetries: 0 },
    });
    await expect(client.createUser()).rejects.toMatchObject({ statusCode: 403 });
  });
});
