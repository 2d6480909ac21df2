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
async function startCli(args: string[]): Promise<{ child: ResultPromise; endpoint: string; line: string }> {
  const child = execa(process.execPath, [CLI, 'emulator', ...args], { reject: false, all: true });
  started.push(child);
  const line = await new Promise<string>((resolvePromise, reject) => {
    let seen = '';
    child.all!.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = /^.*endpoint=http:\/\/[^;\s]+\/;accesskey=\S+.*$/m.exec(seen);
      if (match) resolvePromise(match[0]);
    });
    void child.then(() => reject(new Error(`the emulator exited before listening:\n${seen}`)));
  });
  return { child, endpoint: /endpoint=(\S+?);/.exec(line)![1]!, line };
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
    await writeFile(state, JSON.stringify({ version: 1, resourceId: '2dee53b4-368b-45b4-ab52-8493fb117652', identities: {} }));
    const result = await execa(process.execPath, [CLI, 'emulator', '--state', state, '--resource-id', '11111111-2222-3333-4444-555555555555'], { reject: false });
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
    expect(help.stdout).toMatch(/access key of this local emulator/);
    expect(help.stdout).toContain('--state <file>');
  });
});
