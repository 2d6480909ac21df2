import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_CONTENT_HASH, signature, signRequest } from '../../src/shared/hmac.ts';
import { startEmulator, STABLE_API_VERSIONS } from '../../src/emulator/index.ts';
import { expectExpiry, idPath, newAccessKey, rawRequest, send, signed, useEmulator } from './helpers.ts';

const API = 'api-version=2025-06-30';
const DENIED = { error: { code: 'Denied', message: 'Denied by the resource provider.' } };
const local = useEmulator();
const { accessKey } = local;

const create = (body = '') => send(local.emulator.endpoint, accessKey, 'POST', `/identities?${API}`, body);
async function newId(): Promise<string> {
  const response = await create();
  expect(response.status).toBe(201);
  return response.json.identity.id;
}

describe('request signature verification', () => {
  it('accepts a correctly signed request', async () => {
    expect((await create()).status).toBe(201);
  });

  it('rejects a wrong key with the recorded 401 Denied', async () => {
    const response = await send(local.emulator.endpoint, newAccessKey(), 'POST', `/identities?${API}`);
    expect(response.status).toBe(401);
    expect(response.json).toEqual(DENIED);
    expect(response.headers['content-type']).toBe('application/json');
  });

  it('accepts a date up to exactly 15 minutes either way and rejects one a second further', async () => {
    // A still clock on a whole second (the HTTP date's precision) makes the boundary exact.
    const now = Math.floor(Date.now() / 1000) * 1000;
    const clocked = await startEmulator({ accessKey, clock: () => now });
    try {
      const at = (offsetSeconds: number) =>
        rawRequest(
          clocked.endpoint,
          signed(clocked.endpoint, accessKey, 'POST', `/identities?${API}`, '', {
            date: new Date(now + offsetSeconds * 1000),
          }),
        );
      expect((await at(-900)).status).toBe(201);
      expect((await at(900)).status).toBe(201);
      expect((await at(-901)).json).toEqual(DENIED);
      expect((await at(901)).json).toEqual(DENIED);
    } finally {
      await clocked.close();
    }
  });

  it('rejects a correctly signed date that is not in the HTTP date format', async () => {
    const target = `/identities?${API}`;
    const host = new URL(local.emulator.endpoint).host;
    const date = new Date().toISOString();
    const sig = signature(accessKey, {
      method: 'POST',
      pathAndQuery: target,
      date,
      host,
      contentHash: EMPTY_CONTENT_HASH,
    });
    const response = await rawRequest(local.emulator.endpoint, {
      method: 'POST',
      target,
      headers: {
        host,
        'x-ms-date': date,
        'x-ms-content-sha256': EMPTY_CONTENT_HASH,
        authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${sig}`,
      },
    });
    expect(response.json).toEqual(DENIED);
  });

  it('rejects a tampered body with the recorded content-hash message', async () => {
    const id = await newId();
    const request = signed(
      local.emulator.endpoint,
      accessKey,
      'POST',
      `${idPath(id)}/:issueAccessToken?${API}`,
      '{"scopes":["chat"]}',
    );
    const response = await rawRequest(local.emulator.endpoint, { ...request, body: '{"scopes":["voip"]}' });
    expect(response.status).toBe(401);
    expect(response.json).toEqual({
      error: { code: 'Denied', message: "Request 'x-ms-content-sha256' differs from generated content hash." },
    });
  });

  it('rejects a tampered path or query', async () => {
    const id = await newId();
    const request = signed(local.emulator.endpoint, accessKey, 'POST', `${idPath(id)}/:revokeAccessTokens?${API}`);
    expect(
      (await rawRequest(local.emulator.endpoint, { ...request, target: `${idPath(id)}/:issueAccessToken?${API}` }))
        .json,
    ).toEqual(DENIED);
    expect(
      (
        await rawRequest(local.emulator.endpoint, {
          ...request,
          target: `${idPath(id)}/:revokeAccessTokens?api-version=2023-10-01`,
        })
      ).json,
    ).toEqual(DENIED);
    expect((await rawRequest(local.emulator.endpoint, request)).status).toBe(204);
  });

  it.each(['authorization', 'x-ms-date', 'x-ms-content-sha256', 'host'])(
    'rejects a request without %s',
    async (header) => {
      const request = signed(local.emulator.endpoint, accessKey, 'POST', `/identities?${API}`);
      delete request.headers[header];
      const response = await rawRequest(local.emulator.endpoint, request);
      expect(response.status).toBe(401);
      expect(response.json).toEqual(DENIED);
    },
  );

  it('verifies against the Host header as received: another host is rejected, a doubled port accepted when signed', async () => {
    const port = new URL(local.emulator.endpoint).port;
    const signedForOther = signed(local.emulator.endpoint, accessKey, 'POST', `/identities?${API}`, '', {
      host: 'example.com',
    });
    const otherHost = await rawRequest(local.emulator.endpoint, {
      ...signedForOther,
      headers: { ...signedForOther.headers, host: `127.0.0.1:${port}` },
    });
    expect(otherHost.json).toEqual(DENIED);
    // communication-common 2.3.x–2.4.0 signed and sent '127.0.0.1:PORT:PORT'.
    const doubled = await rawRequest(
      local.emulator.endpoint,
      signed(local.emulator.endpoint, accessKey, 'POST', `/identities?${API}`, '', {
        host: `127.0.0.1:${port}:${port}`,
      }),
    );
    expect(doubled.status).toBe(201);
  });

  it('accepts the older SignedHeaders=date;host;x-ms-content-sha256 form and rejects other header lists', async () => {
    const target = `/identities?${API}`;
    const host = new URL(local.emulator.endpoint).host;
    const headers = signRequest(accessKey, { method: 'POST', pathAndQuery: target, host });
    const asDate = {
      host,
      date: headers['x-ms-date'],
      'x-ms-content-sha256': headers['x-ms-content-sha256'],
      authorization: headers.authorization.replace('SignedHeaders=x-ms-date;', 'SignedHeaders=date;'),
    };
    expect((await rawRequest(local.emulator.endpoint, { method: 'POST', target, headers: asDate })).status).toBe(201);
    const reordered = {
      ...headers,
      host,
      authorization: headers.authorization.replace('x-ms-date;host;', 'host;x-ms-date;'),
    };
    expect((await rawRequest(local.emulator.endpoint, { method: 'POST', target, headers: reordered })).json).toEqual(
      DENIED,
    );
  });

  it('checks the signature before anything else, even on unknown paths', async () => {
    const response = await rawRequest(local.emulator.endpoint, {
      method: 'GET',
      target: '/nowhere',
      headers: { host: 'x' },
    });
    expect(response.json).toEqual(DENIED);
  });
});

describe('api-version', () => {
  it.each(STABLE_API_VERSIONS)('accepts stable version %s', async (version) => {
    const response = await send(local.emulator.endpoint, accessKey, 'POST', `/identities?api-version=${version}`);
    expect(response.status).toBe(201);
    expect(String(response.headers['api-supported-versions']).split(', ')).toEqual(STABLE_API_VERSIONS);
  });

  it('rejects a missing api-version with 400', async () => {
    const response = await send(local.emulator.endpoint, accessKey, 'POST', '/identities');
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('MissingApiVersionParameter');
  });

  it.each(['2020-01-01', '2025-03-02-preview'])(
    'rejects unknown or preview version %s as UnsupportedApiVersion naming it',
    async (version) => {
      const response = await send(local.emulator.endpoint, accessKey, 'POST', `/identities?api-version=${version}`);
      expect(response.status).toBe(400);
      expect(response.json.error.code).toBe('UnsupportedApiVersion');
      expect(response.json.error.message).toContain(version);
    },
  );
});

describe('per-version request shapes', () => {
  const issueWith = async (version: string, body: object) => {
    const id = await newId();
    return send(
      local.emulator.endpoint,
      accessKey,
      'POST',
      `${idPath(id)}/:issueAccessToken?api-version=${version}`,
      JSON.stringify(body),
    );
  };

  it('accepts the three join scopes only from 2023-10-01 on', async () => {
    const old = await issueWith('2023-08-01', { scopes: ['chat.join'] });
    expect([old.status, old.json.error.target]).toEqual([400, 'scopes']);
    expect((await issueWith('2023-08-01', { scopes: ['chat', 'voip'] })).status).toBe(200);
    expect((await issueWith('2023-10-01', { scopes: ['chat.join', 'voip.join', 'chat.join.limited'] })).status).toBe(
      200,
    );
  });

  it('ignores expiresInMinutes, like any unknown field, before 2022-09-01', async () => {
    const before = Date.now();
    const response = await issueWith('2022-06-01', { scopes: ['chat'], expiresInMinutes: 59 });
    expect(response.status).toBe(200);
    expectExpiry(Date.parse(response.json.expiresOn), 1440, before, Date.now());
    expect((await issueWith('2022-09-01', { scopes: ['chat'], expiresInMinutes: 59 })).status).toBe(400);
  });
});

describe('operations', () => {
  it('creates with an empty body, {} or scopes; success headers as the service sends them', async () => {
    const response = await rawRequest(local.emulator.endpoint, {
      ...signed(local.emulator.endpoint, accessKey, 'POST', `/identities?${API}`, '{}'),
      headers: {
        ...signed(local.emulator.endpoint, accessKey, 'POST', `/identities?${API}`, '{}').headers,
        'x-ms-client-request-id': 'abc-123',
      },
    });
    expect(response.status).toBe(201);
    expect(Object.keys(response.json)).toEqual(['identity']);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['x-ms-client-request-id']).toBe('abc-123');
    expect(response.headers['ms-cv']).toMatch(/\S+/);
    const withToken = await create(JSON.stringify({ createTokenWithScopes: ['chat'], expiresInMinutes: 120 }));
    expect(withToken.status).toBe(201);
    expect(withToken.json.accessToken.expiresOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
    expect(withToken.json.accessToken.token.split('.')).toHaveLength(3);
  });

  it('issues, revokes and deletes with the spec statuses and empty 204 bodies', async () => {
    const id = await newId();
    const issued = await send(
      local.emulator.endpoint,
      accessKey,
      'POST',
      `${idPath(id)}/:issueAccessToken?${API}`,
      '{"scopes":["chat.join.limited"]}',
    );
    expect(issued.status).toBe(200);
    expect(Object.keys(issued.json).sort()).toEqual(['expiresOn', 'token']);
    const revoked = await send(local.emulator.endpoint, accessKey, 'POST', `${idPath(id)}/:revokeAccessTokens?${API}`);
    expect([revoked.status, revoked.body]).toEqual([204, '']);
    const deleted = await send(local.emulator.endpoint, accessKey, 'DELETE', `${idPath(id)}?${API}`);
    expect([deleted.status, deleted.body]).toEqual([204, '']);
    // An id that is not percent-encoded is the same identity.
    const plain = await newId();
    expect((await send(local.emulator.endpoint, accessKey, 'DELETE', `/identities/${plain}?${API}`)).status).toBe(204);
  });

  it.each([
    ['{"scopes":["chat"],"expiresInMinutes":"60"}', 'ExpiresInMinutes'],
    ['{"scopes":["chat"],"expiresInMinutes":60.5}', 'ExpiresInMinutes'],
    ['{"scopes":"chat"}', 'scopes'],
    ['{"scopes":["Chat"]}', 'scopes'],
    ['{"scopes":[1]}', 'scopes'],
    ['{}', 'scopes'],
    ['', 'scopes'],
    ['{"scopes":["chat"]', 'body'],
    ['[1]', 'body'],
  ])('rejects issue body %s with 400 ValidationError on %s', async (body, target) => {
    const id = await newId();
    const response = await send(
      local.emulator.endpoint,
      accessKey,
      'POST',
      `${idPath(id)}/:issueAccessToken?${API}`,
      body,
    );
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'ValidationError', target });
  });

  it.each([
    [
      '{"scopes":["chat"],"expiresInMinutes":59}',
      {
        code: 'ValidationError',
        message: 'ExpiresInMinutes value 59 is invalid. Value must be within the [60, 1440] interval.',
        target: 'ExpiresInMinutes',
      },
    ],
    [
      '{"scopes":["chat"],"expiresInMinutes":1441}',
      {
        code: 'ValidationError',
        message: 'ExpiresInMinutes value 1441 is invalid. Value must be within the [60, 1440] interval.',
        target: 'ExpiresInMinutes',
      },
    ],
    [
      '{"scopes":[]}',
      { code: 'ValidationError', message: 'Invalid scopes - Scopes field is required.', target: 'scopes' },
    ],
    [
      '{"expiresInMinutes":60}',
      { code: 'ValidationError', message: 'Invalid scopes - Scopes field is required.', target: 'scopes' },
    ],
  ])('answers issue body %s with the recorded error body, verbatim', async (body, error) => {
    const response = await send(
      local.emulator.endpoint,
      accessKey,
      'POST',
      `${idPath(await newId())}/:issueAccessToken?${API}`,
      body,
    );
    expect(response.status).toBe(400);
    expect(response.body).toBe(JSON.stringify({ error }));
  });

  it('rejects a malformed id with 400 and the id of another resource with 401 IdentityNotOwned', async () => {
    for (const id of ['8:acs:nope', `8:acs:${local.emulator.resourceId}_x`, '8:spool:abc', '%E0%A4%A']) {
      const response = await send(
        local.emulator.endpoint,
        accessKey,
        'POST',
        `/identities/${id.startsWith('%') ? id : encodeURIComponent(id)}/:revokeAccessTokens?${API}`,
      );
      expect([response.status, response.json.error.code, response.json.error.target]).toEqual([
        400,
        'ValidationError',
        'id',
      ]);
    }
    const foreign = await send(
      local.emulator.endpoint,
      accessKey,
      'DELETE',
      `${idPath(`8:acs:${randomUUID()}_${randomUUID()}`)}?${API}`,
    );
    expect(foreign.status).toBe(401);
    expect(foreign.json).toEqual({
      error: { code: 'IdentityNotOwned', message: "Provided identity doesn't belong to the resource." },
    });
  });

  it('answers unknown paths with 404 and wrong methods with 405, both JSON', async () => {
    const missing = await send(local.emulator.endpoint, accessKey, 'GET', `/users?${API}`);
    expect([missing.status, missing.json.error.code]).toEqual([404, 'NotFound']);
    const wrongMethod = await send(local.emulator.endpoint, accessKey, 'GET', `/identities?${API}`);
    expect([wrongMethod.status, wrongMethod.headers.allow]).toEqual([405, 'POST']);
    // GET /identities/{id} exists only in previews.
    const get = await send(local.emulator.endpoint, accessKey, 'GET', `${idPath(await newId())}?${API}`);
    expect(get.status).toBe(405);
  });

  it('caps the body at 64 KiB with 413', async () => {
    const response = await create(JSON.stringify({ padding: 'x'.repeat(70_000) }));
    expect([response.status, response.json.error.code]).toEqual([413, 'RequestBodyTooLarge']);
  });

  it('stays consistent under concurrency: 300 parallel creates and token issues', async () => {
    const ids = await Promise.all(Array.from({ length: 150 }, () => newId()));
    expect(new Set(ids).size).toBe(150);
    const tokens = await Promise.all(
      ids.map((id) =>
        send(
          local.emulator.endpoint,
          accessKey,
          'POST',
          `${idPath(id)}/:issueAccessToken?${API}`,
          '{"scopes":["voip"]}',
        ),
      ),
    );
    expect(tokens.every((response) => response.status === 200)).toBe(true);
  });
});

describe('introspection endpoint', () => {
  const introspect = (body: string, method = 'POST') =>
    rawRequest(local.emulator.endpoint, {
      method,
      target: '/_emulator/tokens:introspect',
      headers: { 'content-type': 'application/json' },
      body,
    });

  it('tells malformed tokens and tokens of another emulator apart from valid ones', async () => {
    expect((await introspect('{"token":"abc"}')).json).toEqual({ active: false, reason: 'malformed' });
    const other = await startEmulator({ accessKey });
    try {
      const foreign = await send(
        other.endpoint,
        accessKey,
        'POST',
        `/identities?${API}`,
        '{"createTokenWithScopes":["chat"]}',
      );
      expect((await introspect(JSON.stringify({ token: foreign.json.accessToken.token }))).json).toEqual({
        active: false,
        reason: 'signature',
      });
    } finally {
      await other.close();
    }
    const own = await create('{"createTokenWithScopes":["chat"]}');
    const token: string = own.json.accessToken.token;
    expect((await introspect(JSON.stringify({ token }))).json.active).toBe(true);
    const [header, payload, signature] = token.split('.');
    const flipped = `${header}.${payload}.${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`;
    expect((await introspect(JSON.stringify({ token: flipped }))).json).toEqual({ active: false, reason: 'signature' });
  });

  it('rejects bad requests clearly', async () => {
    expect((await introspect('{}')).status).toBe(400);
    expect((await introspect('not json')).status).toBe(400);
    expect((await introspect('', 'GET')).status).toBe(405);
  });

  it('reports expiry by the emulator clock', async () => {
    let now = Date.now();
    const clocked = await startEmulator({ accessKey, clock: () => now });
    try {
      const request = signed(
        clocked.endpoint,
        accessKey,
        'POST',
        `/identities?${API}`,
        '{"createTokenWithScopes":["chat"],"expiresInMinutes":60}',
      );
      const token = (await rawRequest(clocked.endpoint, request)).json.accessToken.token;
      const check = async () =>
        (
          await rawRequest(clocked.endpoint, {
            method: 'POST',
            target: '/_emulator/tokens:introspect',
            headers: {},
            body: JSON.stringify({ token }),
          })
        ).json;
      expect((await check()).active).toBe(true);
      now += 61 * 60_000;
      expect(await check()).toEqual({ active: false, reason: 'expired' });
    } finally {
      await clocked.close();
    }
  });
});

describe('options', () => {
  it.each([
    [{ port: -1 }, '--port'],
    [{ port: 70000 }, '--port'],
    [{ port: 1.5 }, '--port'],
    [{ accessKey: 'not base64!' }, '--access-key'],
    [{ accessKey: '' }, '--access-key'],
    [{ resourceId: 'abc' }, '--resource-id'],
    [{ host: 'bad host' }, '--host'],
    [{ stateFile: '/nonexistent-folder/state.json' }, '--state'],
  ])('rejects %j naming %s, as a usage error', async (options, flag) => {
    await expect(startEmulator(options)).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringContaining(flag),
      exitCode: 2,
    });
  });

  it('never echoes a rejected access key', async () => {
    const error = await startEmulator({ accessKey: 'secret-value!' }).catch((e: Error) => e);
    expect(String((error as Error).message)).not.toContain('secret-value');
  });

  it('reports a port in use as a UserError', async () => {
    const port = new URL(local.emulator.endpoint).port;
    await expect(startEmulator({ port: Number(port) })).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringContaining(`--port ${port}`),
    });
  });
});
