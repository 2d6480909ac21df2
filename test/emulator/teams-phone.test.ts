import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, TEAMS_USER_TOKEN_PATH } from '../../src/emulator/index.ts';
import { newAccessKey, rawRequest, send, useEmulator } from './helpers.ts';

// Teams Phone extensibility (api-version 2025-06-30): assignments stored per resource, and the
// exchange of an assigned principal's own Entra token, over real sockets.
const API = 'api-version=2025-06-30';
const EXCHANGE = `/access/teamsExtension/:exchangeAccessToken?${API}`;
const local = useEmulator();
const { accessKey } = local;

const assignmentPath = (tenantId: string, objectId: string, api = API) =>
  `/access/teamsExtension/tenants/${tenantId}/assignments/${objectId}?${api}`;
const put = (tenantId: string, objectId: string, body: unknown) =>
  send(local.emulator.endpoint, accessKey, 'PUT', assignmentPath(tenantId, objectId), JSON.stringify(body));
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

/** A Teams Phone user or resource account signed in by the Entra ID stand-in. */
async function signIn(options: Record<string, unknown> = {}) {
  const response = await rawRequest(local.emulator.endpoint, {
    method: 'POST',
    target: TEAMS_USER_TOKEN_PATH,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes: ['TeamsExtension.ManageCalls'], ...options }),
  });
  expect(response.status, response.body).toBe(200);
  return response.json as { token: string; tenantId: string; appId: string; userId: string };
}

const exchange = (token: string, body = '{}') =>
  rawRequest(local.emulator.endpoint, {
    method: 'POST',
    target: EXCHANGE,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body,
  });

describe('Teams Phone access assignments', () => {
  const tenantId = randomUUID();

  it('are created (201), then replaced (200), read (200) and deleted (204), after which they are 404', async () => {
    const objectId = randomUUID();
    const clientId = randomUUID();
    const created = await put(tenantId, objectId, { principalType: 'resourceAccount' });
    expect(created.status, created.body).toBe(201);
    expect(created.json).toEqual({ objectId, tenantId, principalType: 'resourceAccount' });
    const replaced = await put(tenantId, objectId, { principalType: 'user', clientIds: [clientId.toUpperCase()] });
    expect(replaced.status).toBe(200);
    expect(replaced.json).toEqual({ objectId, tenantId, principalType: 'user', clientIds: [clientId] });
    const read = await send(local.emulator.endpoint, accessKey, 'GET', assignmentPath(tenantId, objectId));
    expect(read.status).toBe(200);
    expect(read.json).toEqual(replaced.json);

    const deleted = await send(local.emulator.endpoint, accessKey, 'DELETE', assignmentPath(tenantId, objectId));
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBe('');
    const notFound = {
      error: {
        code: 'AssignmentNotFound',
        message: 'Teams Phone access assignment was not found.',
        target: 'objectId',
      },
    };
    for (const method of ['GET', 'DELETE']) {
      const gone = await send(local.emulator.endpoint, accessKey, method, assignmentPath(tenantId, objectId));
      expect(gone.status).toBe(404);
      expect(gone.json).toEqual(notFound);
    }
  });

  it.each([
    ['a tenant ID that is not a GUID', 'contoso', randomUUID(), { principalType: 'user' }, 'tenantId'],
    ['an object ID that is not a GUID', randomUUID(), 'agent-7', { principalType: 'user' }, 'objectId'],
    ['no principalType', randomUUID(), randomUUID(), {}, 'principalType'],
    [
      'an unknown principalType',
      randomUUID(),
      randomUUID(),
      { principalType: 'teamsResourceAccount' },
      'principalType',
    ],
    [
      'clientIds that are not GUIDs',
      randomUUID(),
      randomUUID(),
      { principalType: 'user', clientIds: ['app'] },
      'clientIds',
    ],
    [
      'clientIds that are not an array',
      randomUUID(),
      randomUUID(),
      { principalType: 'user', clientIds: randomUUID() },
      'clientIds',
    ],
  ])('refuse %s with 400 in the service error shape, naming the field', async (_, tenant, object, body, target) => {
    const response = await put(tenant, object, body);
    expect(response.status).toBe(400);
    expect(response.json.error).toEqual({ code: 'ValidationError', message: expect.any(String), target });
    expect(Object.keys(response.json)).toEqual(['error']);
  });

  it('do not exist before api-version 2025-06-30', async () => {
    const path = assignmentPath(randomUUID(), randomUUID(), 'api-version=2023-10-01');
    const response = await send(local.emulator.endpoint, accessKey, 'GET', path);
    expect(response.status).toBe(404);
    expect(response.json.error.code).toBe('NotFound');
  });

  it('take the Entra application sign-in too, and refuse an unsigned request before revealing anything', async () => {
    const app = local.emulator.applications[0]!;
    const appToken = await local.emulator.entra.issueToken({
      tenantId: app.tenantId,
      audience: 'https://communication.azure.com',
      appId: app.clientId,
      objectId: app.objectId,
    });
    const objectId = randomUUID();
    const response = await rawRequest(local.emulator.endpoint, {
      method: 'PUT',
      target: assignmentPath(tenantId, objectId),
      headers: { authorization: `Bearer ${appToken.token}`, 'content-type': 'application/json' },
      body: '{"principalType":"user"}',
    });
    expect(response.status, response.body).toBe(201);
    const unsigned = await rawRequest(local.emulator.endpoint, {
      method: 'GET',
      target: assignmentPath(tenantId, objectId),
      headers: {},
    });
    expect(unsigned.status).toBe(401);
  });
});

describe('exchanging a Teams Phone token', () => {
  let user: Awaited<ReturnType<typeof signIn>>;
  beforeAll(async () => {
    user = await signIn();
    expect((await put(user.tenantId, user.userId, { principalType: 'user', clientIds: [user.appId] })).status).toBe(
      201,
    );
  });

  it("gives the assigned principal a token of 8:acs:<resource>_<tenant>_<object> that expires with the caller's", async () => {
    const response = await exchange(user.token);
    expect(response.status, response.body).toBe(200);
    const id = `8:acs:${local.emulator.resourceId}_${user.tenantId}_${user.userId}`;
    expect(response.json.identity).toEqual({ id });
    expect(response.json.accessToken.expiresOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
    const claims = claimsOf(response.json.accessToken.token);
    expect(claims.skypeid).toBe(id.slice(2));
    expect(claims.exp).toBe(claimsOf(user.token).exp);
    const introspection = await rawRequest(local.emulator.endpoint, {
      method: 'POST',
      target: '/_emulator/tokens:introspect',
      headers: {},
      body: JSON.stringify({ token: response.json.accessToken.token }),
    });
    expect(introspection.json).toMatchObject({ active: true, id, scopes: ['voip'] });
  });

  it('refuses a principal without an assignment, and one signed in through an application the assignment does not name', async () => {
    const stranger = await signIn({ tenantId: user.tenantId });
    const unassigned = await exchange(stranger.token);
    expect(unassigned.status).toBe(403);
    expect(unassigned.headers['x-emulator-refusal']).toBe('not-assigned');
    expect(unassigned.json.error.code).toBe('Forbidden');

    const otherApp = await signIn({ userId: user.userId, appId: randomUUID() });
    const wrongClient = await exchange(otherApp.token);
    expect(wrongClient.status).toBe(403);
    expect(wrongClient.headers['x-emulator-refusal']).toBe('client-not-assigned');
  });

  it('refuses a Teams token without TeamsExtension.ManageCalls, the resource key and an application token', async () => {
    const calls = await signIn({ userId: user.userId, scopes: ['Teams.ManageCalls'] });
    const noPermission = await exchange(calls.token);
    expect(noPermission.status).toBe(401);
    expect(noPermission.json.error.code).toBe('InvalidAccessToken');

    const signed = await send(local.emulator.endpoint, accessKey, 'POST', EXCHANGE, '{}');
    expect(signed.status).toBe(401);
    expect(signed.json.error.message).toMatch(/Teams Phone user or resource account/);

    const forged = await exchange(`${user.token.slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
  });

  it("refuses the Teams token on the identity routes, which are the resource owner's", async () => {
    const response = await rawRequest(local.emulator.endpoint, {
      method: 'POST',
      target: `/identities?${API}`,
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(401);
    expect(response.json.error.code).toBe('Denied');
  });

  it('stops once the assignment is deleted', async () => {
    const principal = await signIn({ tenantId: user.tenantId });
    expect((await put(principal.tenantId, principal.userId, { principalType: 'resourceAccount' })).status).toBe(201);
    expect((await exchange(principal.token)).status).toBe(200);
    const path = assignmentPath(principal.tenantId, principal.userId);
    expect((await send(local.emulator.endpoint, accessKey, 'DELETE', path)).status).toBe(204);
    expect((await exchange(principal.token)).status).toBe(403);
  });
});

describe('assignments with --state', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'acs-assignments-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('survive a restart of the emulator', async () => {
    const stateFile = join(folder, 'state.json');
    const key = newAccessKey();
    const [tenantId, objectId] = [randomUUID(), randomUUID()];
    const first = await startEmulator({ accessKey: key, stateFile, applications: [] });
    const target = assignmentPath(tenantId, objectId);
    expect((await send(first.endpoint, key, 'PUT', target, '{"principalType":"user"}')).status).toBe(201);
    await first.close();
    const second = await startEmulator({ accessKey: key, stateFile, applications: [] });
    try {
      const read = await send(second.endpoint, key, 'GET', assignmentPath(tenantId, objectId));
      expect(read.status).toBe(200);
      expect(read.json).toEqual({ objectId, tenantId, principalType: 'user' });
      expect((await send(second.endpoint, key, 'PUT', target, '{"principalType":"user"}')).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
