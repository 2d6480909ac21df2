import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptHost } from '../../src/script-host/serve.ts';
import { isAlive, waitUntil } from './processes.ts';
import { HOST_LIMITS, type ScriptHost, type ScriptRequest } from '../../src/script-host/protocol.ts';

const fixture = path.resolve(import.meta.dirname, 'fixtures/hostile.csx');
const request = (operationId: string, extra: Partial<ScriptRequest> = {}): ScriptRequest => ({
  operationId,
  method: 'POST',
  url: 'https://example.invalid/',
  headers: {},
  body: null,
  ...extra,
});
const errorOf = (body: string) => JSON.parse(body).error as { code: string; message: string };

/** Peak resident memory of a process (VmHWM), in bytes. */
function peakMemory(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

// The limit of tests that are not about time: a loaded machine must not turn their answer into a 504.
const PATIENT_LIMIT_MS = 60_000;

let host: ScriptHost;
beforeAll(async () => {
  host = await startScriptHost({ scriptPath: fixture, timeoutMs: PATIENT_LIMIT_MS });
});
afterAll(() => host?.close());

describe('a runaway script', () => {
  it('that spins: gets its 504, and its host is recycled, so the core is free again within seconds', async () => {
    const strict = await startScriptHost({ scriptPath: fixture, timeoutMs: 1_000 });
    try {
      const spinning = strict.pid;
      const response = await strict.execute(request('Spin'));
      expect([response.status, errorOf(response.body).code]).toEqual([504, 'ScriptTimeout']);
      // Recycled: the process that ran the loop is gone (no CPU left in use), well before a second limit passes.
      expect(await waitUntil(() => !isAlive(spinning), 5_000)).toBe(true);
      const next = await strict.execute(request('Echo'));
      expect(next.status).toBe(200);
      expect(strict.pid).not.toBe(spinning);
    } finally {
      await strict.close();
    }
  });

  it('that allocates without end: fails with OutOfMemoryException, the host stays under its heap cap and keeps serving', async () => {
    // A host of its own: the one that runs out of memory is recycled.
    const patient = await startScriptHost({ scriptPath: fixture, timeoutMs: PATIENT_LIMIT_MS });
    try {
      const response = await patient.execute(request('Allocate'));
      expect(response.status).toBe(500);
      expect(errorOf(response.body)).toMatchObject({
        code: 'ScriptError',
        message: expect.stringMatching(/^OutOfMemoryException/),
      });
      // The heap cap plus the runtime's own memory (code, stacks, native), far below the 6 GB an uncapped host reached.
      // Measured where /proc tells a process's peak (Linux); elsewhere the OutOfMemoryException above is the evidence.
      if (process.platform === 'linux') {
        expect(peakMemory(patient.pid)).toBeLessThan(HOST_LIMITS.heapBytes + 256 * 1024 * 1024);
      }
      expect((await patient.execute(request('Echo'))).status).toBe(200);
    } finally {
      await patient.close();
    }
  });
});

describe('a host recycled while other requests run on it', () => {
  it('lets them finish, then ends; new requests already go to a new host', async () => {
    const limitMs = 10_000;
    const host = await startScriptHost({ scriptPath: fixture, timeoutMs: limitMs });
    const gate = path.join(mkdtempSync(path.join(os.tmpdir(), 'acs-host-gate-')), 'open');
    try {
      const hangingPid = host.pid;
      const hanging = host.execute(request('Hang'));
      // The host reports the hanging script stuck a grace period after its limit and is then recycled;
      // a request started well after that grace is still within its own limit at that moment.
      await new Promise((resolve) => setTimeout(resolve, HOST_LIMITS.stuckGraceMs + limitMs / 2));
      const waiting = host.execute(request('WaitForGate', { body: gate }));
      expect((await hanging).status).toBe(504);
      // Requests go to the old host until it is recycled, then to a new one, while `waiting` still runs on the old.
      const movedToNewHost = async () =>
        (await host.execute(request('Echo'))).status === 200 && host.pid !== hangingPid;
      expect(await waitUntil(movedToNewHost, limitMs)).toBe(true);
      expect(isAlive(hangingPid)).toBe(true);
      writeFileSync(gate, '');
      expect((await waiting).status).toBe(200);
      expect(await waitUntil(() => !isAlive(hangingPid), 5_000)).toBe(true);
    } finally {
      writeFileSync(gate, '');
      await host.close();
      rmSync(path.dirname(gate), { recursive: true, force: true });
    }
  });
});

describe('a script that ends the host', () => {
  it.each([
    ['Exit', /the script ended the process \(Environment\.Exit\(3\)\)/],
    ['Overflow', /stack overflow in the script/],
    [
      'ThreadThrow',
      /an exception on a thread the script started: InvalidOperationException: thrown on a thread of the script/,
    ],
  ])(
    '%s: one line saying what happened, no stack frames, and the next call gets a new host',
    async (operation, reason) => {
      const before = host.pid;
      const response = await host.execute(request(operation));
      expect(response.status).toBe(500);
      const error = errorOf(response.body);
      expect(error.code).toBe('ScriptCrashed');
      expect(error.message).toMatch(reason);
      expect(error.message).not.toMatch(/\n|\bat \w+\.| {3}at /);
      const next = await host.execute(request('Echo'));
      expect(next.status).toBe(200);
      expect(host.pid).not.toBe(before);
    },
  );
});

describe("the protocol is out of the script's reach", () => {
  it('a forged answer on stdout neither answers this request nor breaks the next one', async () => {
    const forged = await host.execute(request('ForgeAnswer'));
    expect(forged.status).toBe(200);
    expect(JSON.parse(forged.body).operation).toBe('ForgeAnswer');
    const next = await host.execute(request('Echo'));
    expect(JSON.parse(next.body).operation).toBe('Echo');
  });

  it('stdin is empty: Console.ReadLine steals no request', async () => {
    const [read, other] = await Promise.all([host.execute(request('ReadStdin')), host.execute(request('Echo'))]);
    expect(JSON.parse(read.body).text).toBe('(end of input)');
    expect(JSON.parse(other.body).operation).toBe('Echo');
  });
});

describe('bodies over the limit', () => {
  it('a 40 MB response body gets a clear 502, and the host keeps serving', async () => {
    const response = await host.execute(request('HugeBody'));
    expect(response.status).toBe(502);
    expect(errorOf(response.body)).toEqual({ code: 'ResponseTooLarge', message: expect.stringContaining('16 MiB') });
    expect((await host.execute(request('Echo'))).status).toBe(200);
  });

  it('a request body over the limit is refused before it reaches the host', async () => {
    const response = await host.execute(request('Echo', { body: 'x'.repeat(17 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(errorOf(response.body).code).toBe('RequestTooLarge');
  });
});

// Windows has neither FIFOs nor /dev/zero.
describe.skipIf(process.platform === 'win32')('a script path that is not a plain file', () => {
  it.each([
    ['a FIFO', (file: string) => execFileSync('mkfifo', [file])],
    ['a link to /dev/zero', (file: string) => symlinkSync('/dev/zero', file)],
  ])('%s is refused before the host reads it', async (_kind, make) => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'acs-script-'));
    try {
      const file = path.join(folder, 'script.csx');
      make(file);
      await expect(startScriptHost({ scriptPath: file })).rejects.toThrow(
        /is not a regular file \(a FIFO, device or socket\), so it is not read/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
