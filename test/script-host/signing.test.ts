import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_CONTENT_HASH, signature } from '../../src/shared/hmac.ts';
import { startScriptHost } from '../../src/script-host/serve.ts';
import type { ScriptHost, ScriptRequest } from '../../src/script-host/protocol.ts';
import {
  signatureProblem,
  startRecordingServer,
  type ArrivedRequest,
  type RecordingServer,
} from '../support/recording-server.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const platformBase = 'https://acs-placeholder.communication.azure.com';
const apiVersion = 'api-version=2025-06-30';
const userId = '8:acs:2dee53b4-368b-45b4-ab52-8493fb117652_00000005-14a2-493b-8a72-5a3a0d000081';
const encodedId = encodeURIComponent(userId); // 8%3Aacs%3A…

describe('published ACS test vectors against src/shared/hmac.ts (the verifier below relies on it)', () => {
  const parts = {
    method: 'GET',
    date: 'Wed, 13 Apr 2022 18:09:12 GMT',
    host: 'example.com',
    contentHash: EMPTY_CONTENT_HASH,
  };
  it('signs /testPath?testQuery=test', () => {
    expect(signature('pw==', { ...parts, pathAndQuery: '/testPath?testQuery=test' })).toBe(
      'DGdgwggJWnQyc6EHjR/Vbqg1ES64KpD6U2XwTDDj3tU=',
    );
  });
  it('signs /testPath', () => {
    expect(signature('pw==', { ...parts, pathAndQuery: '/testPath' })).toBe(
      '+6tWkg3lNKVjQHHmxkdGQcJjUgzclsWTMebnuCz1ngU=',
    );
  });
});

describe('script.csx signs what it sends so that ACS would accept it', () => {
  const accessKey = randomBytes(32).toString('base64');
  let host: ScriptHost;
  let server: RecordingServer;

  beforeAll(async () => {
    [host, server] = await Promise.all([
      startScriptHost({ scriptPath: path.join(repoRoot, 'script.csx') }),
      startRecordingServer(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([host?.close(), server?.close()]);
  });
  beforeEach(() => {
    server.requests.length = 0;
    server.answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{}' };
  });

  const endpoint = (trailingSlash = true) => `http://127.0.0.1:${server.port}${trailingSlash ? '/' : ''}`;

  async function sendThroughScript(
    request: Omit<ScriptRequest, 'headers'> & { headers?: Record<string, string> },
    connectionString: string,
  ): Promise<ArrivedRequest> {
    const response = await host.execute({
      ...request,
      headers: { ...request.headers, 'Connection-String': connectionString },
    });
    expect(response.status, response.body).toBe(200);
    expect(server.requests).toHaveLength(1);
    const arrived = server.requests[0]!;
    expect(signatureProblem(arrived, accessKey)).toBeNull();
    expect(Object.keys(arrived.headers).map((h) => h.toLowerCase())).not.toContain('connection-string');
    // RFC 1123 in UTC, as ACS requires; and the current time (ACS rejects a skew over a few minutes).
    expect(arrived.headers['x-ms-date']).toMatch(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
    );
    expect(Math.abs(Date.parse(String(arrived.headers['x-ms-date'])) - Date.now())).toBeLessThan(60_000);
    expect(JSON.stringify(response)).not.toContain(accessKey);
    return arrived;
  }

  it('POST with a JSON body: the body arrives byte for byte and its hash is signed', async () => {
    const body = '{"createTokenWithScopes":["chat","voip"],"expiresInMinutes":60,"note":"é ✓ 🚀"}';
    const arrived = await sendThroughScript(
      {
        operationId: 'CreateCommunicationIdentity',
        method: 'POST',
        url: `${platformBase}/identities?${apiVersion}`,
        headers: { 'Content-Type': 'application/json' },
        body,
      },
      `endpoint=${endpoint()};accesskey=${accessKey}`,
    );
    expect(arrived.method).toBe('POST');
    expect(arrived.url).toBe(`/identities?${apiVersion}`);
    expect(arrived.body.toString('utf8')).toBe(body);
    expect(arrived.headers['content-type']).toBe('application/json');
    expect(arrived.headers['x-ms-content-sha256']).not.toBe(EMPTY_CONTENT_HASH);
  });

  it('a Content-Length that disagrees with the body is replaced by the true length, so what is hashed is what is sent', async () => {
    const body = '{"scopes":["chat","voip"],"expiresInMinutes":60}';
    const arrived = await sendThroughScript(
      {
        operationId: 'IssueIdentityAccessToken',
        method: 'POST',
        url: `${platformBase}/identities/${encodedId}/:issueAccessToken?${apiVersion}`,
        headers: { 'Content-Type': 'application/json', 'Content-Length': '5' },
        body,
      },
      `endpoint=${endpoint()};accesskey=${accessKey}`,
    );
    expect(arrived.body.toString('utf8')).toBe(body);
    expect(arrived.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('POST without a body (revoke): the empty-content hash is signed', async () => {
    const arrived = await sendThroughScript(
      {
        operationId: 'RevokeIdentityAccessTokens',
        method: 'POST',
        url: `${platformBase}/identities/${encodedId}/:revokeAccessTokens?${apiVersion}`,
      },
      `endpoint=${endpoint()};accesskey=${accessKey}`,
    );
    expect(arrived.body).toHaveLength(0);
    expect(arrived.headers['x-ms-content-sha256']).toBe(EMPTY_CONTENT_HASH);
    expect(arrived.url).toBe(`/identities/${encodedId}/:revokeAccessTokens?${apiVersion}`);
  });

  it('DELETE: no content, empty hash, id still percent-encoded', async () => {
    const arrived = await sendThroughScript(
      {
        operationId: 'DeleteCommunicationIdentity',
        method: 'DELETE',
        url: `${platformBase}/identities/${encodedId}?${apiVersion}`,
      },
      `endpoint=${endpoint()};accesskey=${accessKey}`,
    );
    expect(arrived.method).toBe('DELETE');
    expect(arrived.headers['x-ms-content-sha256']).toBe(EMPTY_CONTENT_HASH);
    expect(arrived.url).toBe(`/identities/${encodedId}?${apiVersion}`);
  });

  it("an id with ':' percent-encoded arrives exactly as the platform built the path and query", async () => {
    const url = `/identities/${encodedId}/:issueAccessToken?${apiVersion}&extra=a%2Fb%20c`;
    expect(url).toContain('8%3Aacs%3A');
    const arrived = await sendThroughScript(
      {
        operationId: 'IssueIdentityAccessToken',
        method: 'POST',
        url: `${platformBase}${url}`,
        headers: { 'Content-Type': 'application/json' },
        body: '{"scopes":["chat"]}',
      },
      `endpoint=${endpoint()};accesskey=${accessKey}`,
    );
    expect(arrived.url).toBe(url);
  });

  it('endpoint without a trailing slash, names in any case and order, blanks and a trailing ;', async () => {
    const arrived = await sendThroughScript(
      {
        operationId: 'CreateCommunicationIdentity',
        method: 'POST',
        url: `${platformBase}/identities?${apiVersion}`,
        body: '{}',
      },
      `  AccessKey = ${accessKey} ;  ENDPOINT=${endpoint(false)} ; `,
    );
    expect(arrived.url).toBe(`/identities?${apiVersion}`);
  });

  it('a non-default port appears in the signed Host exactly as sent', async () => {
    const arrived = await sendThroughScript(
      {
        operationId: 'CreateCommunicationIdentity',
        method: 'POST',
        url: `${platformBase}/identities?${apiVersion}`,
        body: '',
      },
      `endpoint=${endpoint()};accesskey=${accessKey}`,
    );
    expect(arrived.headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  it('the default port is left out of Host (needs port 80 on 127.0.0.1)', async (context) => {
    const onDefaultPort = await startRecordingServer(80).catch(() => undefined);
    if (!onDefaultPort) {
      context.skip('cannot listen on 127.0.0.1:80 here (needs privileges or the port is taken)');
      return;
    }
    try {
      const response = await host.execute({
        operationId: 'DeleteCommunicationIdentity',
        method: 'DELETE',
        url: `${platformBase}/identities/${encodedId}?${apiVersion}`,
        headers: { 'Connection-String': `endpoint=http://127.0.0.1:80/;accesskey=${accessKey}` },
      });
      expect(response.status).toBe(200);
      const arrived = onDefaultPort.requests[0]!;
      expect(arrived.headers.host).toBe('127.0.0.1');
      expect(signatureProblem(arrived, accessKey)).toBeNull();
    } finally {
      await onDefaultPort.close();
    }
  });

  it("passes ACS's answer through unchanged: status, headers and body", async () => {
    server.answer = {
      status: 201,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'ms-cv': 'ZxQ0bGzLR0CVnSp1nhF0Lw.0',
        'api-supported-versions': '2021-03-07, 2025-06-30',
        'x-processing-time': '23ms',
      },
      body: `{"identity":{"id":"${userId}"}}`,
    };
    const response = await host.execute({
      operationId: 'CreateCommunicationIdentity',
      method: 'POST',
      url: `${platformBase}/identities?${apiVersion}`,
      headers: { 'Connection-String': `endpoint=${endpoint()};accesskey=${accessKey}` },
      body: '{}',
    });
    expect(response.status).toBe(201);
    expect(response.body).toBe(server.answer.body);
    for (const [name, value] of Object.entries(server.answer.headers)) expect(response.headers[name]).toBe(value);
  });

  it('passes an ACS error through unchanged too', async () => {
    server.answer = {
      status: 401,
      headers: { 'content-type': 'application/json' },
      body: '{"error":{"code":"Denied","message":"Denied by the resource provider."}}',
    };
    const response = await host.execute({
      operationId: 'DeleteCommunicationIdentity',
      method: 'DELETE',
      url: `${platformBase}/identities/${encodedId}?${apiVersion}`,
      headers: { 'Connection-String': `endpoint=${endpoint()};accesskey=${accessKey}` },
    });
    expect(response).toMatchObject({ status: 401, body: server.answer.body });
  });

  it('the verifier itself rejects a request signed with another key or carrying another body', async () => {
    const arrived = await sendThroughScript(
      {
        operationId: 'IssueIdentityAccessToken',
        method: 'POST',
        url: `${platformBase}/identities/${encodedId}/:issueAccessToken?${apiVersion}`,
        body: '{"scopes":["voip"]}',
      },
      `endpoint=${endpoint()};accesskey=${accessKey}`,
    );
    expect(signatureProblem(arrived, randomBytes(32).toString('base64'))).toBe('signature does not match');
    expect(signatureProblem({ ...arrived, body: Buffer.from('{"scopes":["chat"]}') }, accessKey)).toMatch(/differs/);
    expect(signatureProblem({ ...arrived, url: arrived.url.replaceAll('%3A', ':') }, accessKey)).toBe(
      'signature does not match',
    );
  });
});
