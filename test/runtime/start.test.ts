import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_PATH, startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { CLI_ENTRY } from '../../src/shared/paths.ts';

function start(env: Record<string, string | undefined>) {
  return execa(process.execPath, [CLI_ENTRY, 'start'], { reject: false, env, extendEnv: true });
}

describe('acs-connector start (npm start)', () => {
  const accessKey = randomBytes(32).toString('base64');
  let resource: RunningEmulator;
  beforeAll(async () => {
    resource = await startEmulator({ port: 0, accessKey });
  });
  afterAll(async () => {
    await resource?.close();
  });

  it('runs the four actions on the embedded emulator and prints a table without secrets', async () => {
    const result = await start({ COMMUNICATION_CONNECTION_STRING: undefined });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Embedded ACS emulator started/);
    for (const [operationId, status] of [
      ['CreateCommunicationIdentity', 201],
      ['IssueIdentityAccessToken', 200],
      ['RevokeIdentityAccessTokens', 204],
      ['DeleteCommunicationIdentity', 204],
    ] as const) {
      expect(result.stdout).toMatch(new RegExp(`^${operationId}\\s+${status}\\s+\\d+\\.\\d`, 'm'));
    }
    expect(result.stdout).toMatch(/user 8:acs:/);
    expect(result.stdout).toMatch(/expires \d{4}-\d\d-\d\dT/);
    // Tokens are shortened, never printed whole; no access key anywhere.
    expect(result.stdout + result.stderr).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(result.stdout + result.stderr).not.toMatch(/accesskey=/i);
  });

  it('uses COMMUNICATION_CONNECTION_STRING and leaves no user behind', async () => {
    const result = await start({ COMMUNICATION_CONNECTION_STRING: resource.connectionString });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Using the ACS resource at http:\/\/127\.0\.0\.1:\d+\//);
    expect(result.stdout + result.stderr).not.toContain(accessKey);
    const health = await (await fetch(new URL(HEALTH_PATH, resource.endpoint))).json();
    expect(health.identities).toBe(0);
  });

  it('exits non-zero naming the step that failed and why', async () => {
    const wrongKey = resource.connectionString.replace(accessKey, randomBytes(32).toString('base64'));
    const result = await start({ COMMUNICATION_CONNECTION_STRING: wrongKey });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/CreateCommunicationIdentity failed with HTTP 401: Denied/);
    expect(result.stdout).toMatch(/^CreateCommunicationIdentity\s+401/m);
    expect(result.stdout).not.toMatch(/^IssueIdentityAccessToken/m);
  });
});
