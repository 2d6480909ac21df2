import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { idPath, newAccessKey, send } from './helpers.ts';

const API = 'api-version=2025-06-30';
const DEPTH = 5_000;
let emulator: RunningEmulator;
let accessKey: string;

beforeAll(async () => {
  accessKey = newAccessKey();
  emulator = await startEmulator({ accessKey, headersTimeout: 1_000 });
});
afterAll(() => emulator.close());

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('hostile request bodies', () => {
  it('answers 400 to a scope nested thousands of levels deep, without echoing it', async () => {
    const response = await send(
      emulator.endpoint,
      accessKey,
      'POST',
      `/identities?${API}`,
      `{"createTokenWithScopes":[${nested(DEPTH)}]}`,
    );
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'ValidationError', target: 'scopes' });
    expect(response.body.length).toBeLessThan(500);
  });

  it('answers 400 to an expiresInMinutes nested thousands of levels deep, without echoing it', async () => {
    const created = await send(emulator.endpoint, accessKey, 'POST', `/identities?${API}`);
    const body = `{"scopes":["chat"],"expiresInMinutes":${nested(DEPTH)}}`;
    const response = await send(
      emulator.endpoint,
      accessKey,
      'POST',
      `${idPath(created.json.identity.id)}/:issueAccessToken?${API}`,
      body,
    );
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'ValidationError', target: 'ExpiresInMinutes' });
    expect(response.body.length).toBeLessThan(500);
  });

  it('quotes a long scope name only in part', async () => {
    const scope = 'x'.repeat(10_000);
    const response = await send(
      emulator.endpoint,
      accessKey,
      'POST',
      `/identities?${API}`,
      JSON.stringify({ createTokenWithScopes: [scope] }),
    );
    expect(response.status).toBe(400);
    expect(response.body.length).toBeLessThan(500);
  });
});

describe('slow clients', () => {
  it('answers 408 when the request headers do not arrive in time', async () => {
    const url = new URL(emulator.endpoint);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () =>
        socket.write('POST /identities HTTP/1.1\r\nHost: x\r\n'),
      );
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString('utf8')));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: { code: 'RequestTimeout', message: 'The request did not arrive in time.' },
    });
  });
});
