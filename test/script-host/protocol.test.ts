/**
 * The contract (src/script-host/protocol.ts) against the real host: every kind of message the .NET
 * side sends is read through the contract's strict shapes, and the host refuses a request that
 * strays from them. The channel is opened with the same calls on every system (transport.ts).
 */
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureHostBuilt, hostDll } from '../../src/script-host/build.ts';
import { hostMessage, serveArguments, type HostMessage } from '../../src/script-host/protocol.ts';
import { openHostChannel, type HostChannel } from '../../src/script-host/transport.ts';
import { waitUntil } from './processes.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, 'fixtures', name);

/** A host started by hand on a channel: every line it sends, parsed by the contract (a stray one fails the parse). */
async function rawHost(script: string, timeoutMs: number) {
  const lines: string[] = [];
  const channel = await openHostChannel((line) => lines.push(line));
  const child = spawn(
    'dotnet',
    [hostDll, 'serve', '--script', fixture(script), ...serveArguments(timeoutMs, channel)],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...channel.environment },
    },
  );
  const messages = () => lines.map((line) => hostMessage.parse(JSON.parse(line)));
  const next = async (match: (m: HostMessage) => boolean) => {
    expect(await waitUntil(() => messages().some(match), 60_000)).toBe(true);
    return messages().find(match)!;
  };
  return { channel, child, messages, next };
}

beforeAll(() => ensureHostBuilt(), 300_000);

describe('every message of the real host follows the contract', () => {
  let host: Awaited<ReturnType<typeof rawHost>>;
  let socket: net.Socket;
  const send = (message: object) => socket.write(`${JSON.stringify(message)}\n`);
  const execute = (id: number, operationId: string, extra: object = {}) =>
    send({
      type: 'execute',
      id,
      operationId,
      method: 'POST',
      url: 'https://example.invalid/',
      headers: {},
      body: null,
      ...extra,
    });

  beforeAll(async () => {
    host = await rawHost('hostile.csx', 3_000);
    socket = await host.channel.connected;
    await host.next((m) => m.type === 'ready');
  }, 120_000);
  afterAll(() => host?.child.kill('SIGKILL'));

  it('hello, ready, answer, error (timeout, too large, unreadable request), stuck and crashed', async () => {
    execute(1, 'Echo');
    execute(2, 'HugeBody');
    execute(3, 'Echo', { url: 'not a url' });
    // A field the contract does not have: the host refuses it rather than ignore it.
    execute(4, 'Echo', { extra: true });
    execute(5, 'Hang');
    expect(await host.next((m) => 'id' in m && m.id === 1)).toMatchObject({ type: 'answer', status: 200 });
    expect(await host.next((m) => 'id' in m && m.id === 2)).toMatchObject({ code: 'ResponseTooLarge', detail: null });
    expect(await host.next((m) => 'id' in m && m.id === 3)).toMatchObject({
      type: 'error',
      code: 'InvalidHostRequest',
    });
    const unknown = await host.next((m) => 'id' in m && m.id === 4);
    expect(unknown).toMatchObject({
      type: 'error',
      code: 'InvalidHostRequest',
      detail: expect.stringContaining('extra'),
    });
    expect(await host.next((m) => m.type === 'error' && m.id === 5)).toMatchObject({ code: 'ScriptTimeout' });
    expect(await host.next((m) => m.type === 'stuck')).toEqual({ type: 'stuck', id: 5 });
    execute(6, 'Exit');
    expect(await host.next((m) => m.type === 'crashed')).toEqual({
      type: 'crashed',
      message: 'the script ended the process (Environment.Exit(3))',
    });
    // The first line was the hello, which the channel checked and kept: it never reached the reader.
    expect(host.messages().some((m) => m.type === 'hello')).toBe(false);
  });
});

describe('the contract is strict', () => {
  const answer = { type: 'answer', id: 1, status: 200, headers: {}, body: '', logs: [], durationMs: 1 };
  it('refuses a message with a field it does not define, or without one it requires', () => {
    expect(hostMessage.safeParse(answer).success).toBe(true);
    expect(hostMessage.safeParse({ ...answer, extra: 1 }).success).toBe(false);
    const { durationMs: _, ...missing } = answer;
    expect(hostMessage.safeParse(missing).success).toBe(false);
    expect(hostMessage.safeParse({ ...answer, type: 'answered' }).success).toBe(false);
  });
});

describe('the channel', () => {
  let channel: HostChannel;
  let lines: string[];
  beforeAll(async () => {
    lines = [];
    channel = await openHostChannel((line) => lines.push(line));
  });
  afterAll(() => channel?.close());

  const connect = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const address = process.platform === 'win32' ? `\\\\.\\pipe\\${channel.pipeName}` : channel.pipeName;
      const socket = net.connect(address, () => resolve(socket)).once('error', reject);
    });
  const closed = (socket: net.Socket) => new Promise<void>((resolve) => socket.once('close', () => resolve()));

  it.skipIf(process.platform === 'win32')('lives in a folder only this user may enter', () => {
    expect(statSync(path.dirname(channel.pipeName)).mode & 0o777).toBe(0o700);
  });

  it('drops a connection that does not open with the token, and takes the one that does', async () => {
    const impostor = await connect();
    impostor.write(`${JSON.stringify({ type: 'hello', token: 'guessed' })}\n`);
    await closed(impostor);
    const silent = await connect();
    silent.write('x'.repeat(8192));
    await closed(silent);

    const host = await connect();
    const token = Object.values(channel.environment)[0];
    host.write(`${JSON.stringify({ type: 'hello', token })}\n${JSON.stringify({ type: 'ready', compileMs: 1 })}\n`);
    await channel.connected;
    expect(await waitUntil(() => lines.length === 1, 10_000)).toBe(true);
    expect(JSON.parse(lines[0]!)).toEqual({ type: 'ready', compileMs: 1 });
    // Then no one else gets in: the listener is closed.
    await expect(connect()).rejects.toThrow();
    host.destroy();
  });
});
