import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type RunningPreview } from '../../src/preview/server.ts';
import { UserError } from '../../src/shared/errors.ts';

/** The preview server without a browser: what it refuses, and a folder it cannot fully read. */
let dir: string;
let preview: RunningPreview;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'preview-server-'));
  writeFileSync(join(dir, 'apiDefinition.swagger.json'), '{"swagger": "2.0", "paths": {');
  writeFileSync(join(dir, 'apiProperties.json'), '{"properties": {}}');
  preview = await startPreview({ dir, port: 0 });
});

afterAll(async () => {
  await preview?.close();
  rmSync(dir, { recursive: true, force: true });
});

function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; json: any }> {
  const url = new URL(path, preview.url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || 'null') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('preview server', () => {
  it('serves a folder whose definition is broken: no actions, and the finding that says why', async () => {
    const { status, json } = await send('/api/model');
    expect(status).toBe(200);
    expect(json.model.actions).toEqual([]);
    expect(json.model.findings.map((finding: { ruleId: string }) => finding.ruleId)).toContain('JSON1');
  });

  it('answers only at its loopback address (DNS rebinding)', async () => {
    const { status } = await send('/api/model', { headers: { host: 'attacker.example:80' } });
    expect(status).toBe(421);
  });

  it('takes Test runs only as JSON from its own page', async () => {
    const body = JSON.stringify({ operationId: 'X', signIn: 'dialog' });
    const form = await send('/api/invoke', { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    expect(form.status).toBe(403);
    const foreign = await send('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://attacker.example' },
      body,
    });
    expect(foreign.status).toBe(403);
    const own = await send('/api/invoke', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(own.status).toBe(200);
    expect(own.json.error).toMatch(/not valid JSON|no action "X"/);
  });

  it('refuses a body that is not a JSON object, and a sign-in it does not offer', async () => {
    const broken = await send('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1',
    });
    expect(broken).toMatchObject({ status: 400, json: { error: { message: 'The request is not a JSON object.' } } });
    const unknown = await send('/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ operationId: 'X', signIn: 'emulator-entra' }),
    });
    expect(unknown.json.error).toBe('"emulator-entra" is not a sign-in this preview offers.');
  });

  it('a port in use is a usage error that names it', async () => {
    const port = Number(new URL(preview.url).port);
    const error = await startPreview({ dir, port, validate: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe(`--port ${port} is already in use on 127.0.0.1.`);
    expect((error as UserError).exitCode).toBe(2);
  });
});
