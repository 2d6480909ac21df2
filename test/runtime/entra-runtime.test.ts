import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMMUNICATION_AUDIENCE,
  TEAMS_AUDIENCE,
  startEmulator,
  type EntraApplication,
  type RunningEmulator,
} from '../../src/emulator/index.ts';
import { SigningKey } from '../../src/emulator/jwt.ts';
import { ConnectorRuntime } from '../../src/runtime/runtime.ts';
import type { ConnectionInput } from '../../src/runtime/policies.ts';
import { startScriptHost } from '../../src/script-host/serve.ts';
import type { ScriptHost } from '../../src/script-host/protocol.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

const now = Date.now();
let emulator: RunningEmulator;
let app: EntraApplication;
let roleless: EntraApplication;
let runtime: ConnectorRuntime;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, clock: () => now, applications: [{}, { role: null }] });
  [app, roleless] = emulator.applications as [EntraApplication, EntraApplication];
  runtime = await ConnectorRuntime.load({ dir: REPOSITORY_ROOT });
});
afterAll(async () => {
  await runtime?.close();
  await emulator?.close();
});

/** The connector's Entra set, as the platform stores a connection made with it. */
const entraConnection = (application: EntraApplication, overrides: Record<string, string> = {}): ConnectionInput => ({
  parameterSet: 'entraApplication',
  values: {
    endpoint: emulator.endpoint,
    'token:tenantId': application.tenantId,
    'token:clientId': application.clientId,
    'token:clientSecret': application.clientSecret,
    ...overrides,
  },
  authorityHost: emulator.endpoint,
});

describe('the four actions through script.csx with the Microsoft Entra ID sign-in', () => {
  it('creates a user with a token, issues another, revokes and deletes, all with the bearer token the runtime got', async () => {
    const connection = entraConnection(app);
    const created = await runtime.invoke('CreateCommunicationIdentity', {
      body: JSON.stringify({ createTokenWithScopes: ['chat'] }),
      connection,
    });
    expect(created.status).toBe(201);
    expect(created.warnings).toEqual([]);
    const id = (created.body as { identity: { id: string } }).identity.id;
    const issued = await runtime.invoke('IssueIdentityAccessToken', {
      parameters: { identityId: id },
      body: '{"scopes":["voip"]}',
      connection,
    });
    expect(issued.status).toBe(200);
    expect(
      (await runtime.invoke('RevokeIdentityAccessTokens', { parameters: { identityId: id }, connection })).status,
    ).toBe(204);
    expect(
      (await runtime.invoke('DeleteCommunicationIdentity', { parameters: { identityId: id }, connection })).status,
    ).toBe(204);
    const health = await (await fetch(new URL('/_emulator/health', emulator.endpoint))).json();
    expect(health.identities).toBe(0);
  });

  it('passes on the 403 of an application without a role on the resource', async () => {
    const answer = await runtime.invoke('CreateCommunicationIdentity', { connection: entraConnection(roleless) });
    expect(answer.status).toBe(403);
    expect(answer.warnings).toEqual([]);
  });

  it('names a missing value as a usage error before anything is sent', async () => {
    await expect(
      runtime.invoke('CreateCommunicationIdentity', { connection: entraConnection(app, { 'token:clientSecret': '' }) }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: 'The connection has no Client Secret ("token:clientSecret").',
    });
    await expect(
      runtime.invoke('CreateCommunicationIdentity', { connection: { parameterSet: 'certificate', values: {} } }),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: 'The connector has no sign-in kind "certificate".',
    });
  });
});

describe('tokens script.csx forwards are judged by the resource', () => {
  let host: ScriptHost;
  beforeAll(async () => {
    host = await startScriptHost({ scriptPath: path.join(REPOSITORY_ROOT, 'script.csx') });
  });
  afterAll(() => host?.close());

  const create = (token: string) =>
    host.execute({
      operationId: 'CreateCommunicationIdentity',
      method: 'POST',
      url: 'https://api.contoso.com/identities?api-version=2025-06-30',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${token}`,
        'Communication-Endpoint': emulator.endpoint,
        'Connection-String': '',
      },
      body: '{}',
    });
  const issue = (audience: string, extra: Record<string, unknown> = {}, application = app) =>
    emulator.entra.issueToken({
      tenantId: application.tenantId,
      audience,
      appId: application.clientId,
      objectId: application.objectId,
      extraClaims: extra,
    });

  it('a valid token creates; forged, expired, wrong-audience and role-less ones are refused', async () => {
    const valid = await issue(COMMUNICATION_AUDIENCE);
    expect((await create(valid.token)).status).toBe(201);

    const forged = await (await SigningKey.generate('entra-')).sign(valid.claims);
    const expired = await issue(COMMUNICATION_AUDIENCE, { exp: Math.floor(now / 1000) - 1 });
    const teams = await issue(TEAMS_AUDIENCE);
    for (const [name, token] of [
      ['forged', forged],
      ['expired', expired.token],
      ['wrong audience', teams.token],
    ] as const) {
      const answer = await create(token);
      expect({ name, status: answer.status, body: JSON.parse(answer.body) }).toEqual({
        name,
        status: 401,
        body: { error: { code: 'Denied', message: 'Denied by the resource provider.' } },
      });
      expect(answer.logs.join('\n')).not.toContain(token);
    }
    expect((await create((await issue(COMMUNICATION_AUDIENCE, {}, roleless)).token)).status).toBe(403);
  });
});
