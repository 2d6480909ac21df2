import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_PATH, startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { CLI_ENTRY } from '../../src/shared/paths.ts';
import { NO_CREDENTIALS } from '../support/environment.ts';

function start(env: Record<string, string | undefined>, args: string[] = []) {
  return execa(process.execPath, [CLI_ENTRY, 'start', ...args], {
    reject: false,
    env: { ...NO_CREDENTIALS, ...env },
    extendEnv: true,
  });
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

  it('runs the nine actions on the embedded emulator with both sign-in kinds and prints a table without secrets', async () => {
    const result = await start({});
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Embedded ACS emulator started .*Microsoft Entra ID stand-in/);
    for (const signIn of ['Connection string', 'Entra ID app']) {
      for (const [operationId, status] of [
        ['CreateCommunicationIdentity', 201],
        ['IssueIdentityAccessToken', 200],
        ['RevokeIdentityAccessTokens', 204],
        ['DeleteCommunicationIdentity', 204],
        ['ExchangeTeamsUserAccessToken', 200],
        ['CreateOrReplaceTeamsPhoneAssignment', 200],
        ['GetTeamsPhoneAssignment', 200],
        ['ExchangeTeamsPhoneAccessToken', 200],
        ['DeleteTeamsPhoneAssignment', 204],
      ] as const) {
        expect(result.stdout).toMatch(new RegExp(`^${signIn}\\s+${operationId}\\s+${status}\\s+\\d+\\.\\d`, 'm'));
      }
    }
    expect(result.stdout).toMatch(/user 8:acs:/);
    expect(result.stdout).toMatch(
      /^Entra ID app\s+ExchangeTeamsUserAccessToken\s+200\s+[\d.]+\s+Teams user 8:orgid:[0-9a-f-]{36}, token /m,
    );
    expect(result.stdout).toMatch(
      /^Entra ID app\s+CreateOrReplaceTeamsPhoneAssignment\s+200\s+[\d.]+\s+user [0-9a-f-]{36}, created$/m,
    );
    expect(result.stdout).toMatch(
      /^Connection string\s+ExchangeTeamsPhoneAccessToken\s+200\s+[\d.]+\s+Teams Phone user [0-9a-f-]{36}, user 8:acs:[0-9a-f-]{36}_[0-9a-f-]{36}_[0-9a-f-]{36}, token /m,
    );
    expect(result.stdout).toMatch(/All nine actions succeeded through script\.csx with both sign-in kinds\./);
    expect(result.stdout).toMatch(/expires \d{4}-\d\d-\d\dT/);
    // Tokens are shortened, never printed whole; no access key anywhere.
    expect(result.stdout + result.stderr).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(result.stdout + result.stderr).not.toMatch(/accesskey=/i);
  });

  it('uses COMMUNICATION_CONNECTION_STRING and leaves no user behind', async () => {
    const result = await start({ COMMUNICATION_CONNECTION_STRING: resource.connectionString });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/Using the ACS resource at http:\/\/127\.0\.0\.1:\d+\//);
    // A real resource has no Teams sign-in to offer: the fifth step says how to run it instead.
    expect(result.stdout).toMatch(
      /^Connection string\s+ExchangeTeamsUserAccessToken\s+skipped\s+needs a Teams user's Microsoft Entra token/m,
    );
    for (const operationId of ['CreateOrReplaceTeamsPhoneAssignment', 'ExchangeTeamsPhoneAccessToken']) {
      expect(result.stdout).toMatch(
        new RegExp(
          `^Connection string\\s+${operationId}\\s+skipped\\s+needs a Teams Phone resource account or user's Microsoft Entra token: npx acs-connector invoke ${operationId}`,
          'm',
        ),
      );
    }
    expect(result.stdout).toMatch(
      /Four of the nine actions succeeded through script\.csx; the table says what the other five need\./,
    );
    expect(result.stdout + result.stderr).not.toContain(accessKey);
    const health = await (await fetch(new URL(HEALTH_PATH, resource.endpoint))).json();
    expect(health.identities).toBe(0);
    expect(health.assignments).toBe(0);
  });

  it('signs in as the Entra application of AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET at COMMUNICATION_ENDPOINT', async () => {
    const app = resource.applications[0]!;
    const result = await start({
      AZURE_TENANT_ID: app.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_CLIENT_SECRET: app.clientSecret,
      COMMUNICATION_ENDPOINT: resource.endpoint,
      AZURE_AUTHORITY_HOST: resource.endpoint,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      `Using the ACS resource at ${resource.endpoint} as Microsoft Entra ID application ${app.clientId}`,
    );
    expect(result.stdout).toMatch(/^Entra ID app\s+DeleteCommunicationIdentity\s+204/m);
    expect(result.stdout).not.toMatch(/^Connection string/m);
    expect(result.stdout + result.stderr).not.toContain(app.clientSecret);
    const health = await (await fetch(new URL(HEALTH_PATH, resource.endpoint))).json();
    expect(health.identities).toBe(0);
  });

  it('takes the Entra application from --connection-file', async () => {
    const app = resource.applications[0]!;
    const folder = await mkdtemp(join(tmpdir(), 'acs-start-'));
    try {
      const file = join(folder, 'connection.json');
      await writeFile(
        file,
        JSON.stringify({
          endpoint: resource.endpoint,
          tenantId: app.tenantId,
          clientId: app.clientId,
          clientSecret: app.clientSecret,
        }),
      );
      const result = await start({ AZURE_AUTHORITY_HOST: resource.endpoint }, ['--connection-file', file]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(
        `as Microsoft Entra ID application ${app.clientId} (tenant ${app.tenantId}, from the connection file)`,
      );
      expect(result.stdout).toMatch(/^Entra ID app\s+DeleteCommunicationIdentity\s+204/m);
      expect(result.stdout + result.stderr).not.toContain(app.clientSecret);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('names the Entra value that is missing and sends nothing', async () => {
    const app = resource.applications[0]!;
    const result = await start({
      AZURE_TENANT_ID: app.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_AUTHORITY_HOST: resource.endpoint,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/needs the resource endpoint, the client secret; nothing was sent/);
    expect(result.stderr).toMatch(/--client-secret or set AZURE_CLIENT_SECRET/);
    expect(result.stdout).not.toMatch(/CreateCommunicationIdentity/);
  });

  it('exits non-zero naming the step that failed and why', async () => {
    const wrongKey = resource.connectionString.replace(accessKey, randomBytes(32).toString('base64'));
    const result = await start({ COMMUNICATION_CONNECTION_STRING: wrongKey });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/CreateCommunicationIdentity failed with HTTP 401: Denied/);
    expect(result.stdout).toMatch(/^Connection string\s+CreateCommunicationIdentity\s+401/m);
    expect(result.stdout).not.toMatch(/IssueIdentityAccessToken/);
  });

  it('deletes the user it created when a later step fails on a real resource', async () => {
    // A resource whose token endpoint is down: everything else reaches the emulator unchanged
    // (Host included, so signatures still verify).
    const target = new URL(resource.endpoint);
    const flaky: Server = createServer((req, res) => {
      if (req.url?.includes(':issueAccessToken')) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"ServiceUnavailable","message":"Try again later."}}');
        return;
      }
      const forwarded = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(forwarded);
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = flaky.address() as AddressInfo;
      const result = await start({
        COMMUNICATION_CONNECTION_STRING: `endpoint=http://127.0.0.1:${port}/;accesskey=${accessKey}`,
      });
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/IssueIdentityAccessToken failed with HTTP 503: ServiceUnavailable/);
      expect(result.stdout).toMatch(/^Connection string\s+CreateCommunicationIdentity\s+201/m);
      const health = await (await fetch(new URL(HEALTH_PATH, resource.endpoint))).json();
      expect(health.identities).toBe(0);
      expect(result.stdout).toMatch(/The user this run created \(8:acs:[^)]+\) was deleted again\./);
    } finally {
      await new Promise<void>((resolve) => flaky.close(() => resolve()));
    }
  });
});
