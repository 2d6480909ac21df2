/**
 * The one place the script host's transport is chosen: a local stream this side listens on and the
 * host connects to. On Windows a named pipe (\\.\pipe\…); elsewhere a Unix domain socket in a
 * private temporary folder, which is what .NET's NamedPipeClientStream opens when given an
 * absolute path. Both sides make the same calls on every system (Node's net server, .NET's
 * NamedPipeClientStream); only the name differs. The script's stdin and stdout are not the
 * protocol, so its Console output can neither forge nor block an answer.
 *
 * Any local process may open a Windows pipe by name, so the connection counts only once it has
 * sent this process's random token (given to the host in its environment, which it clears before
 * the script runs); then the listener closes.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { hostMessage } from './protocol.ts';

/** The environment variable that carries the token to the host (named to it by --token-variable). */
const TOKEN_VARIABLE = 'ACS_SCRIPT_HOST_TOKEN';
/** A first line longer than this is no hello: the connection is dropped unread. */
const MAX_HELLO_BYTES = 4096;

export interface HostChannel {
  /** What the host opens with NamedPipeClientStream (its --pipe flag). */
  readonly pipeName: string;
  /** The variable of the host's environment that holds the token. */
  readonly tokenVariable: string;
  /** The host's environment additions: the token. */
  readonly environment: Record<string, string>;
  /** Resolves with the host's connection once it has said hello with the token; every later line goes to onLine. */
  readonly connected: Promise<net.Socket>;
  /** Stops listening and removes the socket's folder; the connection, if any, stays open. */
  close(): Promise<void>;
}

export async function openHostChannel(onLine: (line: string) => void): Promise<HostChannel> {
  const token = randomBytes(32).toString('hex');
  const unique = `acs-script-host-${process.pid}-${randomBytes(8).toString('hex')}`;
  // Unix: a folder only this user may enter (mkdtemp makes it 0700), so no other user reaches the socket.
  const folder = process.platform === 'win32' ? undefined : await mkdtemp(path.join(os.tmpdir(), 'acs-host-'));
  const pipeName = folder ? path.join(folder, 'host.sock') : unique;
  const server = net.createServer();
  const close = async () => {
    server.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  };
  const connected = new Promise<net.Socket>((resolve) => {
    server.on('connection', (socket) => {
      awaitHello(socket, token).then(
        () => {
          resolve(socket);
          void close();
          createInterface({ input: socket, crlfDelay: Infinity }).on('line', onLine);
        },
        () => socket.destroy(),
      );
    });
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(folder ? pipeName : `\\\\.\\pipe\\${pipeName}`, resolve);
    });
  } catch (error) {
    await close();
    throw error;
  }
  server.unref();
  return { pipeName, tokenVariable: TOKEN_VARIABLE, environment: { [TOKEN_VARIABLE]: token }, connected, close };
}

/** Resolves once the first line is the hello with `token`; anything after it is left in the socket. */
function awaitHello(socket: net.Socket, token: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf(0x0a);
      if (end < 0) {
        if (received.length > MAX_HELLO_BYTES) fail();
        return;
      }
      socket.off('data', onData).off('close', fail).pause();
      socket.unshift(received.subarray(end + 1));
      if (isHello(received.subarray(0, end).toString('utf8'), token)) resolve();
      else reject(new Error('not the host'));
    };
    const fail = () => {
      socket.off('data', onData);
      reject(new Error('not the host'));
    };
    socket
      .on('data', onData)
      .once('close', fail)
      .on('error', () => undefined);
  });
}

function isHello(line: string, token: string): boolean {
  let parsed;
  try {
    parsed = hostMessage.safeParse(JSON.parse(line));
  } catch {
    return false;
  }
  if (!parsed.success || parsed.data.type !== 'hello') return false;
  const given = Buffer.from(parsed.data.token);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
