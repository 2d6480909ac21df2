import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

const cli = join(REPOSITORY_ROOT, 'bin', 'acs-connector.js');
const accessKey = randomBytes(32).toString('base64');

function invoke(args: string[], env: Record<string, string | undefined> = {}) {
  return execa(process.execPath, [cli, 'invoke', ...args], {
    reject: false,
    env: { COMMUNICATION_CONNECTION_STRING: undefined, ...env },
    extendEnv: true,
  });
}

describe('acs-connector invoke', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, accessKey });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('prints exactly one JSON answer and exits 0 on success, never the key', async () => {
    const result = await invoke([
      'CreateCommunicationIdentity',
      '--body',
      '{"createTokenWithScopes":["chat"]}',
      '--connection-string',
      emulator.connectionString,
    ]);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!);
    expect(answer.status).toBe(201);
    expect(answer.body.identity.id).toMatch(/^8:acs:/);
    expect(answer.body.accessToken.token.split('.')).toHaveLength(3);
    expect(Object.keys(answer).sort()).toEqual(['body', 'headers', 'status']);
    expect(result.stdout + result.stderr).not.toContain(accessKey);
  });

  it('takes the connection string from COMMUNICATION_CONNECTION_STRING', async () => {
    const result = await invoke(['CreateCommunicationIdentity'], {
      COMMUNICATION_CONNECTION_STRING: emulator.connectionString,
    });
    expect(result.exitCode).toBe(0);
    const id = JSON.parse(result.stdout).body.identity.id as string;
    expect(id).toContain(emulator.resourceId);
  });

  it('starts an embedded emulator when no connection string is configured', async () => {
    const result = await invoke(['CreateCommunicationIdentity']);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe(201);
    expect(result.stderr).toMatch(/embedded ACS emulator/);
    expect(result.stdout + result.stderr).not.toMatch(/accesskey=/i);
  });

  it('refuses an empty connection string as a usage error naming it, before anything is sent', async () => {
    const result = await invoke(['CreateCommunicationIdentity', '--connection-string', '']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/The connection has no Connection String \("connectionString"\)/);
    expect(result.stdout).toBe('');
  });

  it('reads the body from a file with @', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'acs-invoke-'));
    const bodyFile = join(dir, 'body.json');
    await writeFile(bodyFile, '{"createTokenWithScopes":["voip"],"expiresInMinutes":75}');
    const result = await invoke([
      'CreateCommunicationIdentity',
      '--body',
      `@${bodyFile}`,
      '--connection-string',
      emulator.connectionString,
    ]);
    expect(result.exitCode).toBe(0);
    const expiresOn = Date.parse(JSON.parse(result.stdout).body.accessToken.expiresOn);
    expect(expiresOn - Date.now()).toBeGreaterThan(74 * 60_000);
  });

  it('answers an input error as 400 naming the field, exit 1', async () => {
    const result = await invoke([
      'IssueIdentityAccessToken',
      '--param',
      'identityId=8:acs:x',
      '--body',
      '{"scopes":["mail"]}',
      '--connection-string',
      emulator.connectionString,
    ]);
    expect(result.exitCode).toBe(1);
    const answer = JSON.parse(result.stdout);
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/body\.scopes\[0\]/);
  });

  it('exits 2 for an unknown operation, naming the ones that exist', async () => {
    const result = await invoke(['CreateUser', '--connection-string', emulator.connectionString]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/no operation "CreateUser"/);
    expect(result.stderr).toMatch(/CreateCommunicationIdentity/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 for a malformed --param', async () => {
    const result = await invoke([
      'DeleteCommunicationIdentity',
      '--param',
      'identityId',
      '--connection-string',
      emulator.connectionString,
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/--param "identityId" is not of the form name=value/);
  });

  it('exits 2 for a --script that does not exist, and does not hang', async () => {
    const result = await invoke([
      'CreateCommunicationIdentity',
      '--script',
      '/nonexistent/script.csx',
      '--connection-string',
      emulator.connectionString,
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/\/nonexistent\/script\.csx does not exist/);
  });

  it('exits 2 for a --dir that is not a folder', async () => {
    const result = await invoke([
      'CreateCommunicationIdentity',
      '--dir',
      '/nonexistent',
      '--connection-string',
      emulator.connectionString,
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/The folder \/nonexistent does not exist/);
  });
});
