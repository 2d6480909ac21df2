import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptHost } from '../../src/script-host/serve.ts';
import type { ScriptHost, ScriptRequest } from '../../src/script-host/protocol.ts';

const fixture = path.resolve(import.meta.dirname, 'fixtures/behaviours.csx');
const request = (operationId: string, extra: Partial<ScriptRequest> = {}): ScriptRequest => ({
  operationId,
  method: 'POST',
  url: 'https://example.invalid/things?x=1',
  headers: {},
  body: null,
  ...extra,
});

describe('the host runs scripts as the platform does: 5-second limit, exceptions, logs, concurrency', () => {
  let host: ScriptHost;

  beforeAll(async () => {
    host = await startScriptHost({ scriptPath: fixture });
  });
  afterAll(async () => {
    await host?.close();
  });

  it('hands the script the request as sent and returns its answer (headers joined with ", ")', async () => {
    const response = await host.execute(
      request('Echo', {
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Custom': 'v1' },
        body: 'héllo',
      }),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({
      operation: 'Echo',
      method: 'POST',
      url: 'https://example.invalid/things?x=1',
      body: 'héllo',
      contentType: 'text/plain; charset=utf-8',
      custom: 'v1',
    });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['x-multi']).toBe('a, b');
  });

  it('times out scripts that overrun — honouring the token, ignoring it, or blocking a thread — with 504 at the 5 s limit, all at once', async () => {
    const answers = await Promise.all(
      ['WaitWithToken', 'WaitIgnoringToken', 'BlockThread'].map(async (operation) => ({
        operation,
        response: await host.execute(request(operation)),
      })),
    );
    for (const { operation, response } of answers) {
      expect(response.status, operation).toBe(504);
      expect(JSON.parse(response.body).error.code).toBe('ScriptTimeout');
      // Not before the limit, and without waiting for the script's own 10 s (a bound of logic, not of speed).
      expect(response.durationMs, operation).toBeGreaterThanOrEqual(4900); // the limit timer starts a moment before the stopwatch
      expect(response.durationMs, operation).toBeLessThan(10_000);
    }
    // The host keeps serving right after.
    const next = await host.execute(request('Echo'));
    expect(next.status).toBe(200);
  });

  it('turns an exception into a 500 answer carrying its message', async () => {
    const response = await host.execute(request('Throw'));
    expect(response.status).toBe(500);
    const error = JSON.parse(response.body).error;
    expect(error.code).toBe('ScriptError');
    expect(error.message).toBe('InvalidOperationException: the script failed on purpose');
    expect((await host.execute(request('Echo'))).status).toBe(200);
  });

  it("returns each execution's own log lines from Context.Logger", async () => {
    const [logged, quiet] = await Promise.all([host.execute(request('Log')), host.execute(request('Echo'))]);
    expect(logged.logs).toEqual(['Information: first line for Log', 'Warning: second line']);
    expect(quiet.logs).toEqual([]);
  });

  it("keeps a script's Console output out of the protocol", async () => {
    const response = await host.execute(request('Print'));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body).operation).toBe('Print');
  });

  it('serves many requests at once, each answered to its own caller', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => host.execute(request(`Echo${i}`, { body: String(i) }))),
    );
    answers.forEach((response, i) => {
      expect(JSON.parse(response.body)).toMatchObject({ operation: `Echo${i}`, body: String(i) });
    });
  });
});

describe('a script whose constructor throws', () => {
  it('gets a 500 answer carrying the message for every request, and the host keeps serving', async () => {
    const host = await startScriptHost({
      scriptPath: path.resolve(import.meta.dirname, 'fixtures/throwing-constructor.csx'),
    });
    try {
      const answers = await Promise.all([host.execute(request('First')), host.execute(request('Second'))]);
      for (const response of answers) {
        expect(response.status).toBe(500);
        expect(JSON.parse(response.body).error).toEqual({
          code: 'ScriptError',
          message: 'InvalidOperationException: the constructor failed on purpose',
        });
      }
    } finally {
      await host.close();
    }
  });
});

describe('a script that does not compile', () => {
  it('makes startScriptHost fail with the findings as file:line:column', async () => {
    await expect(
      startScriptHost({ scriptPath: path.resolve(import.meta.dirname, 'fixtures/missing-script-class.csx') }),
    ).rejects.toThrow(/missing-script-class\.csx:1:1: error CSX2/);
  });
});
