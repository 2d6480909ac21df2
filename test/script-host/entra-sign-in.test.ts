import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ScriptResponse } from '../../src/script-host/protocol.ts';
import { scriptWithRecorder } from '../support/script-with-recorder.ts';

// The host the platform addresses before the script points the request at the resource.
const url = 'https://api.contoso.com/identities/8%3Aacs%3Aabc_def/:issueAccessToken?api-version=2025-06-30';
// Shaped like an Entra token, and distinctive enough to find in any output.
const bearer = `eyJ0eXAiOiJKV1QifQ.${randomBytes(48).toString('base64url')}.${randomBytes(64).toString('base64url')}`;
const accessKey = randomBytes(32).toString('base64');

const script = scriptWithRecorder();

function run(headers: Record<string, string>): Promise<ScriptResponse> {
  script.server.requests.length = 0;
  return script.host.execute({
    operationId: 'IssueIdentityAccessToken',
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: '{"scopes":["chat"]}',
  });
}

describe('script.csx with the Microsoft Entra ID sign-in', () => {
  it("sends the request to the connection's endpoint with the bearer token unchanged, no HMAC headers and nothing the policies added", async () => {
    const response = await run({
      Authorization: `Bearer ${bearer}`,
      'Communication-Endpoint': script.endpoint,
      'Connection-String': '',
    });
    expect(response.status).toBe(200);
    expect(script.server.requests).toHaveLength(1);
    const [sent] = script.server.requests;
    expect(sent!.url).toBe('/identities/8%3Aacs%3Aabc_def/:issueAccessToken?api-version=2025-06-30');
    expect(sent!.headers.host).toBe(`127.0.0.1:${script.server.port}`);
    expect(sent!.headers.authorization).toBe(`Bearer ${bearer}`);
    for (const name of ['x-ms-date', 'x-ms-content-sha256', 'connection-string', 'communication-endpoint'])
      expect(sent!.headers[name], name).toBeUndefined();
    expect(sent!.body.toString('utf8')).toBe('{"scopes":["chat"]}');
    expect(response.logs.join('\n')).toMatch(/Microsoft Entra ID token to 127\.0\.0\.1/);
    expect(JSON.stringify(response)).not.toContain(bearer.split('.')[1]);
  });

  it('accepts an endpoint without the trailing slash and with blanks around it', async () => {
    const response = await run({
      Authorization: `Bearer ${bearer}`,
      'Communication-Endpoint': ` ${script.endpoint.replace(/\/$/, '')} `,
    });
    expect(response.status).toBe(200);
    expect(script.server.requests).toHaveLength(1);
  });

  const refusals: Array<[string, Record<string, string>, string, RegExp]> = [
    ['neither sign-in', {}, 'MissingConnection', /neither a connection string .* nor a Microsoft Entra ID sign-in/],
    [
      'only empty policy headers',
      { 'Connection-String': '', 'Communication-Endpoint': '' },
      'MissingConnection',
      /neither/,
    ],
    [
      'a connection string and a bearer token',
      {
        'Connection-String': 'endpoint=https://x.communication.azure.com/;accesskey=' + accessKey,
        Authorization: `Bearer ${bearer}`,
      },
      'AmbiguousConnection',
      /both a connection string and a Microsoft Entra ID sign-in \(a bearer token\)/,
    ],
    [
      'a connection string and an endpoint',
      {
        'Connection-String': 'endpoint=https://x.communication.azure.com/;accesskey=' + accessKey,
        'Communication-Endpoint': 'https://x.communication.azure.com/',
      },
      'AmbiguousConnection',
      /\(an endpoint\)/,
    ],
    [
      'a bearer token without an endpoint',
      { Authorization: `Bearer ${bearer}` },
      'MissingEndpoint',
      /no resource endpoint \(the Communication-Endpoint header is missing or empty\)/,
    ],
    [
      'an endpoint without a bearer token',
      { 'Communication-Endpoint': 'https://x.communication.azure.com/' },
      'MissingAccessToken',
      /no Microsoft Entra ID access token/,
    ],
    [
      'an endpoint with a path',
      { Authorization: `Bearer ${bearer}`, 'Communication-Endpoint': 'https://x.communication.azure.com/identities' },
      'InvalidEndpoint',
      /The connection's endpoint must be only scheme, host/,
    ],
    [
      'an endpoint that is not a URL',
      { Authorization: `Bearer ${bearer}`, 'Communication-Endpoint': 'x.communication.azure.com' },
      'InvalidEndpoint',
      /not an absolute http\(s\) URL/,
    ],
  ];
  it.each(refusals)(
    '%s → 400 naming what is wrong, nothing sent, no secret echoed',
    async (_case, headers, code, message) => {
      const response = await run(headers);
      expect(response.status).toBe(400);
      const error = (JSON.parse(response.body) as { error: { code: string; message: string } }).error;
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(script.server.requests).toHaveLength(0);
      const everything = JSON.stringify(response);
      expect(everything).not.toContain(bearer.split('.')[1]);
      expect(everything).not.toContain(accessKey.slice(0, 12));
    },
  );
});
