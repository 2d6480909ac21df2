import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ConnectorRuntime } from '../../src/runtime/runtime.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { signatureProblem } from '../support/recording-server.ts';
import { runtimeOnRecordingServer } from '../support/runtime-on-recording-server.ts';

const accessKey = randomBytes(32).toString('base64');

describe('the four actions through script.csx against the emulator', () => {
  let emulator: RunningEmulator;
  let runtime: ConnectorRuntime;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, accessKey });
    runtime = await ConnectorRuntime.load({ dir: REPOSITORY_ROOT });
  });
  afterAll(async () => {
    await runtime?.close();
    await emulator?.close();
  });

  it('creates a user with a token, issues another, revokes and deletes', async () => {
    const connectionString = emulator.connectionString;
    const created = await runtime.invoke('CreateCommunicationIdentity', {
      body: JSON.stringify({ createTokenWithScopes: ['chat', 'voip'], expiresInMinutes: 60 }),
      connectionString,
    });
    expect(created.status).toBe(201);
    expect(created.warnings).toEqual([]);
    const body = created.body as { identity: { id: string }; accessToken: { token: string; expiresOn: string } };
    expect(body.identity.id).toMatch(new RegExp(`^8:acs:${emulator.resourceId}_`));
    const expiresInMs = Date.parse(body.accessToken.expiresOn) - Date.now();
    expect(expiresInMs).toBeGreaterThan(59 * 60_000);
    expect(expiresInMs).toBeLessThanOrEqual(60 * 60_000);

    const issued = await runtime.invoke('IssueIdentityAccessToken', {
      parameters: { identityId: body.identity.id },
      body: JSON.stringify({ scopes: ['chat.join'] }),
      connectionString,
    });
    expect(issued.status).toBe(200);
    expect(issued.warnings).toEqual([]);
    const payload = JSON.parse(
      Buffer.from((issued.body as { token: string }).token.split('.')[1]!, 'base64url').toString(),
    );
    expect(payload.acsScope).toBe('chat.join');

    const revoked = await runtime.invoke('RevokeIdentityAccessTokens', {
      parameters: { identityId: body.identity.id },
      connectionString,
    });
    expect(revoked).toMatchObject({ status: 204, body: null, warnings: [] });

    const deleted = await runtime.invoke('DeleteCommunicationIdentity', {
      parameters: { identityId: body.identity.id },
      connectionString,
    });
    expect(deleted).toMatchObject({ status: 204, body: null });

    const again = await runtime.invoke('DeleteCommunicationIdentity', {
      parameters: { identityId: body.identity.id },
      connectionString,
    });
    expect(again.status).toBe(404);
  });

  it("passes the service's error for a deleted user through unchanged", async () => {
    const connectionString = emulator.connectionString;
    const created = await runtime.invoke('CreateCommunicationIdentity', { connectionString });
    const identityId = (created.body as { identity: { id: string } }).identity.id;
    await runtime.invoke('DeleteCommunicationIdentity', { parameters: { identityId }, connectionString });
    const result = await runtime.invoke('IssueIdentityAccessToken', {
      parameters: { identityId },
      body: '{"scopes":["chat"]}',
      connectionString,
    });
    expect(result.status).toBe(404);
    expect(result.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  });

  it('answers 401 when the connection string holds the wrong key', async () => {
    const wrong = emulator.connectionString.replace(
      /accesskey=[^;]+/i,
      `accesskey=${randomBytes(32).toString('base64')}`,
    );
    const result = await runtime.invoke('CreateCommunicationIdentity', { connectionString: wrong });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ error: { code: 'Denied' } });
  });
});

describe('the requests Power Platform would send, as they arrive on the wire', () => {
  const wire = runtimeOnRecordingServer(accessKey);
  const id = '8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081';
  const encodedId = '8%3Aacs%3A2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081';

  const cases: Array<{
    operationId: string;
    parameters: Record<string, string>;
    body?: string;
    method: string;
    target: string;
    sentBody: string;
  }> = [
    {
      operationId: 'CreateCommunicationIdentity',
      parameters: {},
      body: '{"createTokenWithScopes":["voip"],"expiresInMinutes":120}',
      method: 'POST',
      target: '/identities?api-version=2025-06-30',
      sentBody: '{"createTokenWithScopes":["voip"],"expiresInMinutes":120}',
    },
    {
      operationId: 'DeleteCommunicationIdentity',
      parameters: { identityId: id },
      method: 'DELETE',
      target: `/identities/${encodedId}?api-version=2025-06-30`,
      sentBody: '',
    },
    {
      operationId: 'IssueIdentityAccessToken',
      parameters: { identityId: id },
      body: '{ "scopes": ["chat", "voip"] }',
      method: 'POST',
      target: `/identities/${encodedId}/:issueAccessToken?api-version=2025-06-30`,
      sentBody: '{"scopes":["chat","voip"]}',
    },
    {
      operationId: 'RevokeIdentityAccessTokens',
      parameters: { identityId: id },
      method: 'POST',
      target: `/identities/${encodedId}/:revokeAccessTokens?api-version=2025-06-30`,
      sentBody: '',
    },
    {
      operationId: 'ExchangeTeamsUserAccessToken',
      parameters: {},
      body: '{"token":"header.payload.signature", "appId":"2c3e1e83-8fd7-4615-ad2b-b8c1229845ac", "userId":"32c0a5db-05ec-78ea-51ab-3f06b329397e"}',
      method: 'POST',
      target: '/teamsUser/:exchangeAccessToken?api-version=2025-06-30',
      sentBody:
        '{"token":"header.payload.signature","appId":"2c3e1e83-8fd7-4615-ad2b-b8c1229845ac","userId":"32c0a5db-05ec-78ea-51ab-3f06b329397e"}',
    },
  ];

  for (const c of cases) {
    it(`${c.operationId}: ${c.method} ${c.target.split('?')[0]}`, async () => {
      const before = wire.server.requests.length;
      await wire.runtime.invoke(c.operationId, {
        parameters: c.parameters,
        body: c.body,
        connectionString: wire.connectionString,
      });
      expect(wire.server.requests.length).toBe(before + 1);
      const received = wire.server.requests[before]!;
      expect(received.method).toBe(c.method);
      expect(received.url).toBe(c.target);
      expect(received.body.toString('utf8')).toBe(c.sentBody);
      expect(signatureProblem(received, accessKey)).toBeNull();
      expect(received.headers['connection-string']).toBeUndefined();
      expect(JSON.stringify(received.headers)).not.toContain(accessKey);
      expect(received.headers.host).toBe(`127.0.0.1:${wire.server.port}`);
      expect(received.headers.authorization).toMatch(
        /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=/,
      );
      if (c.sentBody) expect(received.headers['content-type']).toMatch(/^application\/json/);
    });
  }

  it('lets api-version be overridden but sends the default otherwise', async () => {
    const before = wire.server.requests.length;
    await wire.runtime.invoke('RevokeIdentityAccessTokens', {
      parameters: { identityId: 'abc', 'api-version': '2023-10-01' },
      connectionString: wire.connectionString,
    });
    expect(wire.server.requests[before]?.url).toBe('/identities/abc/:revokeAccessTokens?api-version=2023-10-01');
  });

  it('warns when the answer does not match the response schema, and passes it on as it came', async () => {
    wire.server.answer = { status: 201, headers: { 'content-type': 'application/json' }, body: '{"identity":{}}' };
    try {
      const created = await wire.runtime.invoke('CreateCommunicationIdentity', {
        connectionString: wire.connectionString,
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({ identity: {} });
      expect(created.warnings).toEqual(['HTTP 201 of CreateCommunicationIdentity: response.identity.id is required.']);

      wire.server.answer = { status: 418, headers: {}, body: '' };
      const undocumented = await wire.runtime.invoke('CreateCommunicationIdentity', {
        connectionString: wire.connectionString,
      });
      expect(undocumented.warnings).toEqual(['CreateCommunicationIdentity does not document HTTP 418.']);
    } finally {
      wire.server.answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
    }
  });

  const inputErrors: Array<[string, string, { parameters?: Record<string, string>; body?: string }, RegExp]> = [
    ['a missing path parameter', 'DeleteCommunicationIdentity', {}, /"identityId".*required/],
    [
      'an empty path parameter',
      'RevokeIdentityAccessTokens',
      { parameters: { identityId: '' } },
      /"identityId".*cannot be empty/,
    ],
    ['a missing required body', 'IssueIdentityAccessToken', { parameters: { identityId: id } }, /body is required/],
    [
      'a missing required body field',
      'IssueIdentityAccessToken',
      { parameters: { identityId: id }, body: '{"expiresInMinutes":60}' },
      /body\.scopes is required/,
    ],
    [
      'a value outside the enum',
      'IssueIdentityAccessToken',
      { parameters: { identityId: id }, body: '{"scopes":["email"]}' },
      /body\.scopes\[0\] must be one of: "chat"/,
    ],
    [
      'a number below the range',
      'CreateCommunicationIdentity',
      { body: '{"expiresInMinutes":59}' },
      /body\.expiresInMinutes must be >= 60/,
    ],
    [
      'a number above the range',
      'IssueIdentityAccessToken',
      { parameters: { identityId: id }, body: '{"scopes":["chat"],"expiresInMinutes":1441}' },
      /body\.expiresInMinutes must be <= 1440/,
    ],
    [
      'a fraction where a whole number belongs',
      'CreateCommunicationIdentity',
      { body: '{"expiresInMinutes":90.5}' },
      /body\.expiresInMinutes must be integer/,
    ],
    ['a body that is not JSON', 'CreateCommunicationIdentity', { body: '{scopes:' }, /body is not valid JSON/],
    [
      'a body where none is taken',
      'RevokeIdentityAccessTokens',
      { parameters: { identityId: id }, body: '{}' },
      /takes no body/,
    ],
    [
      'an unknown parameter',
      'RevokeIdentityAccessTokens',
      { parameters: { identityId: id, userId: 'x' } },
      /"userId" is not a parameter/,
    ],
    [
      'a missing Teams exchange body',
      'ExchangeTeamsUserAccessToken',
      {},
      /body is required for ExchangeTeamsUserAccessToken/,
    ],
    ...(['token', 'appId', 'userId'] as const).flatMap((field): Array<[string, string, { body: string }, RegExp]> => {
      const complete: Record<string, string> = { token: 'a.b.c', appId: 'app', userId: 'user' };
      const { [field]: _left, ...without } = complete;
      return [
        [
          `a Teams exchange without ${field}`,
          'ExchangeTeamsUserAccessToken',
          { body: JSON.stringify(without) },
          new RegExp(`^body\\.${field} is required\\.$`),
        ],
        [
          `a Teams exchange with an empty ${field}`,
          'ExchangeTeamsUserAccessToken',
          { body: JSON.stringify({ ...complete, [field]: '' }) },
          new RegExp(`^body\\.${field} \\([A-Za-z() ]+\\) is required and cannot be empty\\.$`),
        ],
      ];
    }),
    [
      'a Teams token that is not text',
      'ExchangeTeamsUserAccessToken',
      { body: '{"token":42,"appId":"a","userId":"u"}' },
      /body\.token must be string/,
    ],
  ];
  for (const [kind, operationId, inputs, message] of inputErrors) {
    it(`refuses ${kind} without calling anything`, async () => {
      const before = wire.server.requests.length;
      const result = await wire.runtime.invoke(operationId, { ...inputs, connectionString: wire.connectionString });
      expect(result.status).toBe(400);
      expect((result.body as { error: { code: string; message: string } }).error.code).toBe('InvalidInput');
      expect((result.body as { error: { message: string } }).error.message).toMatch(message);
      expect(wire.server.requests.length).toBe(before);
    });
  }
});
