import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptHost } from '../../src/script-host/serve.ts';
import type { ScriptHost, ScriptRequest } from '../../src/script-host/protocol.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, 'fixtures', name);
const request: ScriptRequest = {
  operationId: 'Subscribe',
  method: 'POST',
  url: 'https://contoso.example/api/hooks?x=1',
  headers: {},
  body: null,
};

const names = ['context-members.csx', 'lower-case-class.csx', 'implicit-usings.csx'];
const hosts = new Map<string, ScriptHost>();
beforeAll(async () => {
  // Started together: each is a cold compile the first time.
  const started = await Promise.allSettled(names.map((name) => startScriptHost({ scriptPath: fixture(name) })));
  started.forEach((result, index) => {
    if (result.status === 'fulfilled') hosts.set(names[index]!, result.value);
  });
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
});
afterAll(async () => {
  await Promise.all([...hosts.values()].map((host) => host.close()));
});

describe('serve mode gives scripts what certified scripts use beyond the documented surface', () => {
  it('OriginalRequestUri keeps the request as received after the script rewrites it; CreateNotificationUri resolves against it', async () => {
    const response = await hosts.get('context-members.csx')!.execute(request);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      original: 'https://contoso.example/api/hooks?x=1',
      callback: 'https://contoso.example/notify?flow=42',
      now: 'https://backend.example/hooks',
    });
  });

  it('runs a script whose class is `script` in lower case (a warning in check mode, not a refusal)', async () => {
    const response = await hosts.get('lower-case-class.csx')!.execute(request);
    expect([response.status, JSON.parse(response.body)]).toEqual([200, { ran: 'script' }]);
  });

  it('runs a script that relies on the implicit usings only', async () => {
    const response = await hosts
      .get('implicit-usings.csx')!
      .execute({ ...request, url: 'https://contoso.example/?phone=%2B1%20(555)%20010' });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ digits: '1555010', hashes: 3, xml: '<digits>1555010</digits>' });
  });
});
