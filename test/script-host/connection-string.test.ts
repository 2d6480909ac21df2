import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { scriptWithRecorder } from '../support/script-with-recorder.ts';

const url = 'https://acs-placeholder.communication.azure.com/identities?api-version=2025-06-30';

describe('script.csx refuses a malformed connection string: 400, nothing sent, key never echoed', () => {
  const key = randomBytes(32).toString('base64');
  const unpaddedKey = randomBytes(30).toString('base64'); // 30 bytes: base64 without '=' padding
  // Distinctive secret-looking text for strings whose key part is itself broken.
  const brokenKey = `${randomBytes(24).toString('hex')}!!`;
  const script = scriptWithRecorder();
  // Read when a case runs, after the suite's setup.
  let endpoint = '';
  beforeAll(() => {
    endpoint = script.endpoint;
  });

  // [case, connection string, what the message must name] (no or an empty header: test/script-host/entra-sign-in.test.ts)
  const cases: Array<[string, () => string, RegExp]> = [
    ['only separators and blanks', () => ' ; ;; ', /no 'endpoint'/],
    ['no endpoint', () => `accesskey=${key}`, /no 'endpoint'/],
    ['no access key', () => `endpoint=${endpoint}`, /no 'accesskey'/],
    ['an empty access key', () => `endpoint=${endpoint};accesskey=`, /no 'accesskey'/],
    [
      'an access key that is not base64',
      () => `endpoint=${endpoint};accesskey=${brokenKey}`,
      /'accesskey' is not valid base64/,
    ],
    [
      'an endpoint that is not absolute',
      () => `endpoint=contoso.communication.azure.com;accesskey=${key}`,
      /'endpoint' is not an absolute http\(s\) URL/,
    ],
    [
      'an endpoint with another scheme',
      () => `endpoint=ftp://127.0.0.1/;accesskey=${key}`,
      /'endpoint' is not an absolute http\(s\) URL/,
    ],
    ['an endpoint with a path', () => `endpoint=${endpoint}identities;accesskey=${key}`, /no path, query/],
    ['an endpoint with a query', () => `endpoint=${endpoint}?x=1;accesskey=${key}`, /no path, query/],
    ['a part without =', () => `endpoint=${endpoint};${unpaddedKey}`, /not of the form name=value/],
    ['a misspelt name', () => `endpoint=${endpoint};acceskey=${key}`, /other than 'endpoint' and 'accesskey'/],
    [
      'the access key twice',
      () => `endpoint=${endpoint};accesskey=${key};accesskey=${key}`,
      /'accesskey' more than once/,
    ],
    [
      'the endpoint twice',
      () => `endpoint=${endpoint};endpoint=${endpoint};accesskey=${key}`,
      /'endpoint' more than once/,
    ],
    ['key and value swapped', () => `${key}=accesskey;endpoint=${endpoint}`, /other than 'endpoint' and 'accesskey'/],
  ];

  it.each(cases)('%s', async (_name, connectionString, expectedMessage) => {
    const value = connectionString();
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Connection-String': value };
    script.server.requests.length = 0;

    const response = await script.host.execute({
      operationId: 'CreateCommunicationIdentity',
      method: 'POST',
      url,
      headers,
      body: '{}',
    });

    expect(response.status).toBe(400);
    const error = (JSON.parse(response.body) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('InvalidConnectionString');
    expect(error.message).toMatch(expectedMessage);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(script.server.requests).toHaveLength(0);
    const everything = JSON.stringify(response);
    // Not even a part of a key: a partial echo would still be a leak.
    for (const secret of [key, unpaddedKey, brokenKey]) expect(everything).not.toContain(secret.slice(0, 12));
  });

  it('an operation the script does not know → 400 naming it, nothing sent', async () => {
    script.server.requests.length = 0;
    const response = await script.host.execute({
      operationId: 'GetCommunicationIdentity',
      method: 'GET',
      url,
      headers: { 'Connection-String': `endpoint=${endpoint};accesskey=${key}` },
    });
    expect(response.status).toBe(400);
    const error = (JSON.parse(response.body) as { error: { code: string; message: string } }).error;
    expect(error.code).toBe('UnknownOperation');
    expect(error.message).toContain("'GetCommunicationIdentity'");
    expect(error.message).toContain('IssueIdentityAccessToken');
    expect(script.server.requests).toHaveLength(0);
    expect(JSON.stringify(response)).not.toContain(key);
  });

  it('a good connection string in the same host still goes through (the refusals above are not blanket)', async () => {
    script.server.requests.length = 0;
    const response = await script.host.execute({
      operationId: 'CreateCommunicationIdentity',
      method: 'POST',
      url,
      headers: { 'connection-string': `endpoint=${endpoint};accesskey=${key}` },
      body: '{}',
    });
    expect(response.status).toBe(200);
    expect(script.server.requests).toHaveLength(1);
    expect(JSON.stringify(response)).not.toContain(key);
  });
});
