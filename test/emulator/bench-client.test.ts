import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedClient } from '../../src/emulator/bench.ts';
import { newAccessKey, useEmulator } from './helpers.ts';

const API = 'api-version=2025-06-30';
const local = useEmulator();
const { accessKey } = local;

describe("bench emulator's lean client", () => {
  it('sends really signed requests over one keep-alive socket and reads each answer', async () => {
    const client = new SignedClient(local.emulator.endpoint, accessKey);
    try {
      const created = await client.send('POST', `/identities?${API}`, '');
      expect(created.status).toBe(201);
      const path = `/identities/${encodeURIComponent(created.json.identity.id)}`;
      const issued = await client.send('POST', `${path}/:issueAccessToken?${API}`, '{"scopes":["chat"]}');
      expect(issued.status).toBe(200);
      expect(issued.json.token.split('.')).toHaveLength(3);
      expect((await client.send('DELETE', `${path}?${API}`, '')).status).toBe(204);
    } finally {
      client.close();
    }
  });

  it('gets the 401 of a request signed with another key', async () => {
    const client = new SignedClient(local.emulator.endpoint, newAccessKey());
    try {
      const response = await client.send('POST', `/identities?${API}`, '');
      expect(response).toEqual({
        status: 401,
        json: { error: { code: 'Denied', message: 'Denied by the resource provider.' } },
      });
    } finally {
      client.close();
    }
  });

  describe('against a server that answers badly', () => {
    let answer = '';
    let server: Server;
    let endpoint: string;
    beforeAll(async () => {
      server = createServer((socket) => socket.once('data', () => socket.end(answer)));
      await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    for (const [name, text] of [
      ['a chunked body', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'],
      ['a body shorter than its Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}'],
      ['a body that is not JSON', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nnot'],
      ['not HTTP at all', 'hello\r\n\r\n'],
    ]) {
      it(`fails on ${name}`, async () => {
        answer = text!;
        const client = new SignedClient(endpoint, accessKey);
        try {
          await expect(client.send('POST', `/identities?${API}`, '')).rejects.toThrow();
        } finally {
          client.close();
        }
      });
    }
  });
});
