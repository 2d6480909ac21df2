import { randomUUID } from 'node:crypto';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEAMS_AUDIENCE, TEAMS_USER_TOKEN_PATH } from '../../src/emulator/index.ts';
import { ClientSecretTokenSource } from '../../src/runtime/client-credentials.ts';
import { expectExpiry, httpOnTheWire, newAccessKey, rawRequest, send, useEmulator } from './helpers.ts';

// The Teams exchange as the service decides it, against tokens from the Entra ID stand-in.
const EXCHANGE = '/teamsUser/:exchangeAccessToken?api-version=2025-06-30';
const INVALID_TOKEN = { error: { code: 'InvalidAccessToken', message: 'Provided access token is not valid.' } };
const local = useEmulator();
const { accessKey } = local;

interface TeamsUser {
  token: string;
  tenantId: string;
  appId: string;
  userId: string;
  expiresOn: string;
}

async function signIn(options: Record<string, unknown> = {}): Promise<TeamsUser> {
  const response = await rawRequest(local.emulator.endpoint, {
    method: 'POST',
    target: TEAMS_USER_TOKEN_PATH,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(options),
  });
  expect(response.status, response.body).toBe(200);
  return response.json;
}

const exchange = (body: unknown) => send(local.emulator.endpoint, accessKey, 'POST', EXCHANGE, JSON.stringify(body));
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

describe('exchanging a Teams user token', () => {
  it('answers 200 with an ACS token for 8:orgid:<oid> that expires with the Teams token', async () => {
    const user = await signIn({ expiresInMinutes: 75 });
    const response = await exchange({ token: user.token, appId: user.appId, userId: user.userId });
    expect(response.status).toBe(200);
    expect(Object.keys(response.json)).toEqual(['token', 'expiresOn']);
    expect(response.json.expiresOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
    const teamsExpiry = claimsOf(user.token).exp * 1000;
    expect(Date.parse(response.json.expiresOn)).toBe(teamsExpiry);
    const claims = claimsOf(response.json.token);
    expect(claims.skypeid).toBe(`orgid:${user.userId}`);
    expect(claims.acsScope).toBe('voip,chat');
    expect(claims.exp).toBe(teamsExpiry / 1000);
    expect(claims.resourceId).toBe(local.emulator.resourceId);

    const introspection = await rawRequest(local.emulator.endpoint, {
      method: 'POST',
      target: '/_emulator/tokens:introspect',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: response.json.token }),
    });
    expect(introspection.json).toEqual({
      active: true,
      id: `8:orgid:${user.userId}`,
      scopes: ['voip', 'chat'],
      exp: claims.exp,
    });
  });

  it('grants only what the Teams permissions allow: Teams.ManageChats alone gives chat', async () => {
    const user = await signIn({ scopes: ['Teams.ManageChats', 'User.Read'] });
    const response = await exchange({ token: user.token, appId: user.appId, userId: user.userId });
    expect(response.status).toBe(200);
    expect(claimsOf(response.json.token).acsScope).toBe('chat');
  });

  it('never issues a token for longer than 24 hours, whatever the Teams token allows', async () => {
    const app = local.emulator.applications[0]!;
    const userId = randomUUID();
    const teams = await local.emulator.entra.issueToken({
      tenantId: app.tenantId,
      audience: TEAMS_AUDIENCE,
      appId: app.clientId,
      objectId: userId,
      kind: 'user',
      scp: 'Teams.ManageCalls',
      lifetimeSeconds: 2 * 86_400,
    });
    const before = Date.now();
    const response = await exchange({ token: teams.token, appId: app.clientId, userId });
    expect(response.status).toBe(200);
    expectExpiry(Date.parse(response.json.expiresOn), 1440, before, Date.now());
    expect(claimsOf(response.json.token).acsScope).toBe('voip');
  });

  it('refuses an application-only token for the Teams audience: it carries no delegated Teams permission', async () => {
    const app = local.emulator.applications[0]!;
    const appToken = await local.emulator.entra.issueToken({
      tenantId: app.tenantId,
      audience: TEAMS_AUDIENCE,
      appId: app.clientId,
      objectId: app.objectId,
    });
    const response = await exchange({ token: appToken.token, appId: app.clientId, userId: app.objectId });
    expect([response.status, response.headers['x-emulator-refusal']]).toEqual([401, 'scope']);
    expect(response.json).toEqual(INVALID_TOKEN);
  });

  it('compares the application and user IDs without regard to letter case', async () => {
    const user = await signIn();
    const response = await exchange({
      token: user.token,
      appId: user.appId.toUpperCase(),
      userId: user.userId.toUpperCase(),
    });
    expect(response.status).toBe(200);
  });

  it('exists from api-version 2022-06-01 on, not in 2021-03-07', async () => {
    const user = await signIn();
    const body = JSON.stringify({ token: user.token, appId: user.appId, userId: user.userId });
    const old = await send(
      local.emulator.endpoint,
      accessKey,
      'POST',
      '/teamsUser/:exchangeAccessToken?api-version=2021-03-07',
      body,
    );
    expect([old.status, old.json.error.code]).toEqual([404, 'NotFound']);
    const first = await send(
      local.emulator.endpoint,
      accessKey,
      'POST',
      '/teamsUser/:exchangeAccessToken?api-version=2022-06-01',
      body,
    );
    expect(first.status).toBe(200);
  });

  it('is signed like every ACS request: a wrong key is Denied before the token is looked at', async () => {
    const user = await signIn();
    const response = await send(
      local.emulator.endpoint,
      newAccessKey(),
      'POST',
      EXCHANGE,
      JSON.stringify({ token: user.token, appId: user.appId, userId: user.userId }),
    );
    expect([response.status, response.json.error.code]).toEqual([401, 'Denied']);
  });
});

describe('refusals, with the bodies the service recorded and the cause in x-emulator-refusal', () => {
  let user: TeamsUser;
  beforeAll(async () => {
    user = await signIn();
  });

  const cases: Array<[string, () => Promise<Record<string, unknown>>, number, unknown, string]> = [
    [
      'a token for another application',
      async () => ({ token: user.token, appId: randomUUID(), userId: user.userId }),
      400,
      { error: { code: 'ValidationError', message: 'AAD application is not the expected one.', target: 'appId' } },
      'wrong-app',
    ],
    [
      'a token of another user',
      async () => ({ token: user.token, appId: user.appId, userId: randomUUID() }),
      400,
      {
        error: { code: 'ValidationError', message: 'Provided AAD token issued for unexpected user.', target: 'userId' },
      },
      'wrong-user',
    ],
    ['an expired token', async () => ({ ...(await fresh({ expiresInMinutes: -1 })) }), 401, INVALID_TOKEN, 'expired'],
    [
      'a token for another audience',
      async () => ({ ...(await fresh({ audience: 'https://communication.azure.com' })) }),
      401,
      INVALID_TOKEN,
      'audience',
    ],
    [
      'a token without a Teams permission',
      async () => ({ ...(await fresh({ scopes: ['User.Read'] })) }),
      401,
      INVALID_TOKEN,
      'scope',
    ],
    ['a token without any scope', async () => ({ ...(await fresh({ scopes: [] })) }), 401, INVALID_TOKEN, 'scope'],
    [
      'text that is not a JWT',
      async () => ({ token: 'not-a-jwt', appId: user.appId, userId: user.userId }),
      401,
      INVALID_TOKEN,
      'malformed',
    ],
    [
      'a JWT the stand-in did not sign',
      async () => ({ token: forged(user.token), appId: user.appId, userId: user.userId }),
      401,
      INVALID_TOKEN,
      'signature',
    ],
    [
      'an empty token',
      async () => ({ token: '', appId: user.appId, userId: user.userId }),
      401,
      INVALID_TOKEN,
      'token-missing',
    ],
    ['no token', async () => ({ appId: user.appId, userId: user.userId }), 401, INVALID_TOKEN, 'token-missing'],
    [
      'an empty appId',
      async () => ({ token: user.token, appId: '', userId: user.userId }),
      400,
      { error: { code: 'ValidationError', message: 'AppId: The AppId field is required.', target: 'AppId' } },
      'app-id-missing',
    ],
    [
      'no userId',
      async () => ({ token: user.token, appId: user.appId }),
      400,
      { error: { code: 'ValidationError', message: 'UserId: The UserId field is required.', target: 'UserId' } },
      'user-id-missing',
    ],
    [
      'an appId that is not a GUID',
      async () => ({ token: user.token, appId: 'invalid', userId: user.userId }),
      400,
      { error: { code: 'ValidationError', message: 'Provided AppId has invalid format.', target: 'appId' } },
      'app-id-format',
    ],
    [
      'a userId that is not a GUID',
      async () => ({ token: user.token, appId: user.appId, userId: 42 }),
      400,
      { error: { code: 'ValidationError', message: 'Provided UserId has invalid format.', target: 'userId' } },
      'user-id-format',
    ],
  ];

  async function fresh(options: Record<string, unknown>): Promise<Record<string, unknown>> {
    const signedIn = await signIn(options);
    return { token: signedIn.token, appId: signedIn.appId, userId: signedIn.userId };
  }

  it.each(cases)('%s', async (_name, body, status, expected, reason) => {
    const response = await exchange(await body());
    expect(response.status).toBe(status);
    expect(response.json).toEqual(expected);
    expect(response.headers['x-emulator-refusal']).toBe(reason);
  });

  it('checks the token before the user: an invalid token for another user is 401, as recorded', async () => {
    const response = await exchange({ token: 'invalid', appId: user.appId, userId: randomUUID() });
    expect(response.status).toBe(401);
  });
});

describe('@azure/communication-identity getTokenForTeamsUser against the emulator', () => {
  const client = () =>
    new CommunicationIdentityClient(local.emulator.connectionString, {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });

  it("exchanges a Teams user token; expiresOn is the Teams token's expiry", async () => {
    const user = await signIn({ expiresInMinutes: 30 });
    const { token, expiresOn } = await client().getTokenForTeamsUser({
      teamsUserAadToken: user.token,
      clientId: user.appId,
      userObjectId: user.userId,
    });
    expect(expiresOn.getTime()).toBe(Date.parse(user.expiresOn));
    expect(claimsOf(token).skypeid).toBe(`orgid:${user.userId}`);
  });

  it("works the same with a Microsoft Entra application's credential instead of the access key", async () => {
    const app = local.emulator.applications[0]!;
    const credential = new ClientSecretTokenSource({
      tenantId: app.tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authorityHost: local.emulator.endpoint,
    });
    const entraClient = new CommunicationIdentityClient(
      local.emulator.endpoint.replace(/^http:/, 'https:'),
      credential,
      { httpClient: httpOnTheWire(), retryOptions: { maxRetries: 0 } },
    );
    const user = await signIn();
    const { token } = await entraClient.getTokenForTeamsUser({
      teamsUserAadToken: user.token,
      clientId: user.appId,
      userObjectId: user.userId,
    });
    expect(claimsOf(token).skypeid).toBe(`orgid:${user.userId}`);
    const wrongUser = entraClient.getTokenForTeamsUser({
      teamsUserAadToken: user.token,
      clientId: user.appId,
      userObjectId: randomUUID(),
    });
    await expect(wrongUser).rejects.toMatchObject({
      statusCode: 400,
      code: 'ValidationError',
      message: 'Provided AAD token issued for unexpected user.',
    });
  });

  it.each([
    ['an expired token', { expiresInMinutes: -5 }, {}, 401, 'InvalidAccessToken'],
    ['a token for another audience', { audience: 'https://graph.microsoft.com' }, {}, 401, 'InvalidAccessToken'],
    ['a token without a Teams permission', { scopes: ['User.Read'] }, {}, 401, 'InvalidAccessToken'],
    ['an invalid token', {}, { teamsUserAadToken: 'invalid' }, 401, 'InvalidAccessToken'],
    ['another application', {}, { clientId: randomUUID() }, 400, 'ValidationError'],
    ['another user', {}, { userObjectId: randomUUID() }, 400, 'ValidationError'],
    ['an empty client ID', {}, { clientId: '' }, 400, 'ValidationError'],
  ])(
    "throws a RestError for %s, as the SDK's tests expect of the service",
    async (_name, signInOptions, override, statusCode, code) => {
      const user = await signIn(signInOptions);
      const options = { teamsUserAadToken: user.token, clientId: user.appId, userObjectId: user.userId, ...override };
      await expect(client().getTokenForTeamsUser(options)).rejects.toMatchObject({
        name: 'RestError',
        statusCode,
        code,
      });
    },
  );
});

describe(`the emulator-only route ${TEAMS_USER_TOKEN_PATH}`, () => {
  it("signs a Teams user token as Entra would: v1 claims, the tenant's issuer, both Teams permissions", async () => {
    const user = await signIn();
    const claims = claimsOf(user.token);
    expect(claims).toMatchObject({
      aud: 'https://auth.msft.communication.azure.com',
      appid: user.appId,
      oid: user.userId,
      tid: user.tenantId,
      scp: 'Teams.ManageCalls Teams.ManageChats',
      idtyp: 'user',
      ver: '1.0',
    });
    expect(claims.iss).toBe(`${local.emulator.endpoint}${user.tenantId}/`);
    expect(claims.exp * 1000).toBe(Date.parse(user.expiresOn));
    expect(claims.exp - claims.iat).toBe(60 * 60);
    expect(user.appId).toBe(local.emulator.applications[0]!.clientId);
  });

  it('lets the user, application and tenant be chosen', async () => {
    const userId = randomUUID();
    const appId = randomUUID();
    const user = await signIn({ userId, appId, tenantId: local.emulator.applications[0]!.tenantId });
    expect([user.userId, user.appId]).toEqual([userId, appId]);
    const response = await exchange({ token: user.token, appId, userId });
    expect(response.status).toBe(200);
  });

  it.each([
    [{ tenantId: randomUUID() }, 'tenantId'],
    [{ appId: 'app' }, 'appId'],
    [{ userId: 7 }, 'userId'],
    [{ scopes: 'Teams.ManageCalls' }, 'scopes'],
    [{ audience: '' }, 'audience'],
    [{ expiresInMinutes: 0 }, 'expiresInMinutes'],
    [{ expiresInMinutes: 1441 }, 'expiresInMinutes'],
  ])('refuses %j naming %s', async (options, target) => {
    const response = await rawRequest(local.emulator.endpoint, {
      method: 'POST',
      target: TEAMS_USER_TOKEN_PATH,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(options),
    });
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'ValidationError', target });
  });

  it('answers only POST', async () => {
    const response = await rawRequest(local.emulator.endpoint, {
      method: 'GET',
      target: TEAMS_USER_TOKEN_PATH,
      headers: {},
    });
    expect([response.status, response.headers.allow]).toEqual([405, 'POST']);
  });
});

/** The same header and claims with a signature of the right length that no key made. */
function forged(token: string): string {
  const [header, payload, signatureText] = token.split('.');
  const bytes = Buffer.from(signatureText!, 'base64url');
  bytes[0] = bytes[0]! ^ 0xff;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}
