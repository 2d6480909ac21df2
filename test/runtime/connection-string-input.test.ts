import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

const cli = join(REPOSITORY_ROOT, 'bin', 'acs-connector.js');
const accessKey = randomBytes(32).toString('base64');
let emulator: RunningEmulator;
let folder: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, accessKey });
  folder = await mkdtemp(join(tmpdir(), 'acs-secret-'));
});
afterAll(async () => {
  await emulator?.close();
  await rm(folder, { recursive: true, force: true });
});

function invoke(args: string[], input?: string) {
  return execa(process.execPath, [cli, 'invoke', 'CreateCommunicationIdentity', ...args], {
    reject: false,
    input,
    env: { COMMUNICATION_CONNECTION_STRING: undefined },
    extendEnv: true,
    timeout: 60_000,
  });
}

describe('invoke --connection-string kept out of the process arguments', () => {
  it('reads it from a file with @, without a warning', async () => {
    const file = join(folder, 'connection.txt');
    await writeFile(file, `${emulator.connectionString}\n`, { mode: 0o600 });
    const result = await invoke(['--connection-string', `@${file}`]);
    expect(result.stderr).toBe('');
    expect([result.exitCode, JSON.parse(result.stdout).status]).toEqual([0, 201]);
    expect(JSON.parse(result.stdout).body.identity.id).toContain(emulator.resourceId);
  });

  it('reads it from standard input with -', async () => {
    const result = await invoke(['--connection-string', '-'], `${emulator.connectionString}\n`);
    expect(result.stderr).toBe('');
    expect([result.exitCode, JSON.parse(result.stdout).status]).toEqual([0, 201]);
  });

  it('warns on stderr, without the key, when it is given inline', async () => {
    const result = await invoke(['--connection-string', emulator.connectionString]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/visible to other users of this machine/);
    expect(result.stderr).toMatch(/--connection-string @FILE/);
    expect(result.stderr).toMatch(/\$COMMUNICATION_CONNECTION_STRING/);
    expect(result.stdout + result.stderr).not.toContain(accessKey);
  });

  it('refuses a missing file with a usage error', async () => {
    const missing = await invoke(['--connection-string', `@${join(folder, 'nothing.txt')}`]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/nothing\.txt does not exist/);
  });

  // Windows has no FIFOs.
  it.skipIf(process.platform === 'win32')('refuses a FIFO with a usage error instead of hanging', async () => {
    const fifo = join(folder, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const piped = await invoke(['--connection-string', `@${fifo}`]);
    expect(piped.exitCode).toBe(2);
    expect(piped.stderr).toMatch(/is a FIFO \(named pipe\), not a regular file/);
  });
});
