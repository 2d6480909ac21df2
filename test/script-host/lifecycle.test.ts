import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { startScriptHost } from '../../src/script-host/serve.ts';
import { isAlive, waitUntil } from './processes.ts';

const fixture = (name: string) => path.resolve(import.meta.dirname, 'fixtures', name);

describe('the host process lifecycle', () => {
  it('fails with a clear error, and stops the host, when start-up exceeds its limit', async () => {
    // No host starts and compiles in 1 ms, so this stands in for a host that never becomes ready.
    await expect(startScriptHost({ scriptPath: fixture('behaviours.csx'), startTimeoutMs: 1 })).rejects.toThrow(
      /did not become ready within 0\.001 s .*behaviours\.csx.*it was stopped/,
    );
  });

  it('rejects a folder given as the script, naming it', async () => {
    await expect(startScriptHost({ scriptPath: path.dirname(fixture('behaviours.csx')) })).rejects.toThrow(
      /fixtures is a folder, not a script file/,
    );
  });

  it('ends when the process that started it is killed', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', fixture('start-host-and-wait.ts'), fixture('behaviours.csx')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const [line] = await Promise.race([
      (async () => {
        for await (const l of createInterface({ input: parent.stdout })) return [l];
        return [];
      })(),
      new Promise<string[]>((_, reject) =>
        parent.once('exit', (code) => reject(new Error(`parent exited early (${code})`))),
      ),
    ]);
    const hostPid = Number(line);
    expect(Number.isInteger(hostPid) && isAlive(hostPid)).toBe(true);
    parent.kill('SIGKILL');
    const ended = await waitUntil(() => !isAlive(hostPid), 20_000);
    if (!ended) process.kill(hostPid, 'SIGKILL');
    expect(ended).toBe(true);
  });

  it('does not keep its parent running when the parent forgets to close it, and ends with it', async () => {
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', fixture('start-host-and-forget.ts'), fixture('behaviours.csx')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    parent.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const exited = await Promise.race([
      new Promise<number | null>((resolve) => parent.once('exit', (code) => resolve(code))),
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 30_000)),
    ]);
    if (exited === 'still running') parent.kill('SIGKILL');
    expect(exited).toBe(0);
    const [pid, status] = output.trim().split(' ').map(Number);
    expect(status).toBe(200);
    const ended = await waitUntil(() => !isAlive(pid!), 20_000);
    if (!ended) process.kill(pid!, 'SIGKILL');
    expect(ended).toBe(true);
  });
});
