import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { idPath, newAccessKey, send } from './helpers.ts';

const CLI = resolve(import.meta.dirname, '../../bin/acs-connector.js');
const API = 'api-version=2025-06-30';
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'acs-emulator-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

// An emulator left running by a failed assertion must not outlive its test.
const started: ResultPromise[] = [];
afterEach(async () => {
  for (const child of started.splice(0)) {
    child.kill('SIGKILL');
    await child;
  }
});

/** Starts `acs-connector emulator` as a real process and waits for its connection-string line. */
async function startCli(
  args: string[],
): Promise<{ child: ResultPromise; endpoint: string; line: string; output: () => string }> {
  const child = execa(process.execPath, [CLI, 'emulator', ...args], { reject: false, all: true });
  started.push(child);
  // Everything printed so far: the start lines may arrive in one chunk or several.
  let seen = '';
  child.all.on('data', (chunk: Buffer) => {
    seen += chunk.toString('utf8');
  });
  const line = await new Promise<string>((resolvePromise, reject) => {
    child.all.on('data', () => {
      const match = /^.*endpoint=http:\/\/[^;\s]+\/;accesskey=\S+.*$/m.exec(seen);
      if (match) resolvePromise(match[0]);
    });
    void child.then(() => reject(new Error(`the emulator exited before listening:\n${seen}`)));
  });
  return { child, endpoint: /endpoint=(\S+?);/.exec(line)![1]!, line, output: () => seen };
}

describe('acs-connector emulator (real process)', () => {
  it('prints its connection string, keeps identities in --state across a restart, and exits 0 on SIGTERM', async () => {
    const accessKey = newAccessKey();
    const state = join(folder, 'state.json');
    const first = await startCli(['--port', '0', '--access-key', accessKey, '--state', state]);
    expect(first.line).toContain(`;accesskey=${accessKey}`);
    const created = await send(first.endpoint, accessKey, 'POST', `/identities?${API}`);
    expect(created.status).toBe(201);
    const id: string = created.json.identity.id;
    first.child.kill('SIGTERM');
    const firstResult = await first.child;
    expect(firstResult.exitCode).toBe(0);
    expect(firstResult.all).toContain('Emulator stopped.');
    expect(JSON.parse(await readFile(state, 'utf8')).identities).toHaveProperty(id.split('_')[1]!);

    // No --resource-id: the restarted emulator continues the saved resource.
    const second = await startCli(['--port', '0', '--access-key', accessKey, '--state', state]);
    try {
      expect((await send(second.endpoint, accessKey, 'DELETE', `${idPath(id)}?${API}`)).status).toBe(204);
      expect((await send(second.endpoint, accessKey, 'DELETE', `${idPath(id)}?${API}`)).status).toBe(404);
    } finally {
      second.child.kill('SIGINT');
    }
    expect((await second.child).exitCode).toBe(0);
    expect(JSON.parse(await readFile(state, 'utf8')).identities).toEqual({});
  });

  it('refuses a corrupt state file with a clear error and no stack trace', async () => {
    const state = join(folder, 'corrupt.json');
    await writeFile(state, '{"version":1,"resourceId":');
    const result = await execa(process.execPath, [CLI, 'emulator', '--state', state], { reject: false });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`error: The --state file ${state} is not an emulator state file`);
    expect(result.stderr).toContain('hint:');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a --resource-id that differs from the state file', async () => {
    const state = join(folder, 'other.json');
    await writeFile(
      state,
      JSON.stringify({ version: 1, resourceId: '2dee53b4-368b-45b4-ab52-8493fb117652', identities: {} }),
    );
    const result = await execa(
      process.execPath,
      [CLI, 'emulator', '--state', state, '--resource-id', '11111111-2222-3333-4444-555555555555'],
      { reject: false },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('--resource-id 11111111-2222-3333-4444-555555555555 differs');
  });

  it('names the flag at fault and never echoes a rejected key', async () => {
    const badPort = await execa(process.execPath, [CLI, 'emulator', '--port', 'eighty'], { reject: false });
    expect(badPort.exitCode).toBe(2);
    expect(badPort.stderr).toContain('--port eighty');
    const badKey = await execa(process.execPath, [CLI, 'emulator', '--access-key', 'my-secret!'], { reject: false });
    expect(badKey.stderr).toContain('--access-key');
    expect(badKey.stderr).not.toContain('my-secret');
  });

  it('says in --help that it prints the local emulator key', async () => {
    const help = await execa(process.execPath, [CLI, 'emulator', '--help']);
    expect(help.stdout).toMatch(/access\s+key\s+and\s+client\s+secrets\s+of\s+this\s+local\s+emulator/);
    expect(help.stdout).toContain('--state <file>');
    expect(help.stdout).toContain('--entra-app <spec>');
  });

  it('registers --entra-app applications with the Entra stand-in and prints them like the connection string', async () => {
    const tenant = '3c1b8a52-7f0e-4b7e-9d7a-0d6c1e2f3a4b';
    const client = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const started = await startCli([
      '--entra-app',
      `tenant=${tenant},client=${client},secret=local~Secret.1`,
      '--entra-app',
      `tenant=${tenant},role=none`,
    ]);
    for (let waited = 0; !/Press Ctrl\+C/.test(started.output()) && waited < 5_000; waited += 20)
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 20));
    const output = started.output();
    expect(output).toContain(`Microsoft Entra ID stand-in: authority host ${started.endpoint}`);
    expect(output).toContain(
      `Entra application: tenant ID ${tenant}, client ID ${client}, client secret local~Secret.1, role Contributor`,
    );
    expect(output).toMatch(
      new RegExp(`Entra application: tenant ID ${tenant}, client ID [0-9a-f-]{36}, client secret \\S+, role none`),
    );
    expect(output).toContain(
      `Teams user tokens (emulator only): POST ${started.endpoint}_emulator/teamsUser:issueToken`,
    );
    const token = await fetch(`${started.endpoint}${tenant}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client,
        client_secret: 'local~Secret.1',
        scope: 'https://communication.azure.com/.default',
      }),
    });
    expect(token.status).toBe(200);
  });

  it('refuses a malformed --entra-app with exit 2 and never echoes the secret', async () => {
    const result = await execa(
      process.execPath,
      [CLI, 'emulator', '--entra-app', 'tenant=not-a-guid,secret=hush-hush'],
      { reject: false },
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('tenant ID "not-a-guid" is not a GUID');
    const unknownPart = await execa(
      process.execPath,
      [CLI, 'emulator', '--entra-app', 'secret=hush-hush,colour=blue'],
      { reject: false },
    );
    expect(unknownPart.exitCode).toBe(2);
    expect(`${result.stderr}${result.stdout}${unknownPart.stderr}${unknownPart.stdout}`).not.toContain('hush-hush');
  });
});
