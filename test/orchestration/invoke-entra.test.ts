import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EntraApplication, type RunningEmulator } from '../../src/emulator/index.ts';
import { CLI_ENTRY } from '../../src/shared/paths.ts';
import { NO_CREDENTIALS } from '../support/environment.ts';

function invoke(args: string[], env: Record<string, string | undefined> = {}) {
  return execa(process.execPath, [CLI_ENTRY, 'invoke', ...args], {
    reject: false,
    env: { ...NO_CREDENTIALS, ...env },
    extendEnv: true,
  });
}

describe('acs-connector invoke with a Microsoft Entra ID application', () => {
  let emulator: RunningEmulator;
  let app: EntraApplication;
  let folder: string;
  let secretFile: string;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    app = emulator.applications[0]!;
    folder = await mkdtemp(join(tmpdir(), 'acs-entra-'));
    secretFile = join(folder, 'secret.txt');
    await writeFile(secretFile, `${app.clientSecret}\n`);
  });
  afterAll(async () => {
    await emulator?.close();
    await rm(folder, { recursive: true, force: true });
  });

  const flags = () => [
    '--endpoint',
    emulator.endpoint,
    '--tenant-id',
    app.tenantId,
    '--client-id',
    app.clientId,
    '--client-secret',
    `@${secretFile}`,
  ];

  it('signs in with the flags, gets its token from AZURE_AUTHORITY_HOST and never prints the secret or a whole token', async () => {
    const result = await invoke(
      ['CreateCommunicationIdentity', '--body', '{"createTokenWithScopes":["chat"]}', ...flags()],
      { AZURE_AUTHORITY_HOST: emulator.endpoint },
    );
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer.status).toBe(201);
    expect(answer.body.identity.id).toMatch(new RegExp(`^8:acs:${emulator.resourceId}_`));
    expect(result.stdout + result.stderr).not.toContain(app.clientSecret);
  });

  it("takes every value from the Azure SDKs' environment variables when no flag is given", async () => {
    const result = await invoke(['CreateCommunicationIdentity'], {
      AZURE_TENANT_ID: app.tenantId,
      AZURE_CLIENT_ID: app.clientId,
      AZURE_CLIENT_SECRET: app.clientSecret,
      COMMUNICATION_ENDPOINT: emulator.endpoint,
      AZURE_AUTHORITY_HOST: emulator.endpoint,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe(201);
  });

  it('reads the values from --connection-file', async () => {
    const file = join(folder, 'connection.json');
    await writeFile(
      file,
      JSON.stringify({
        endpoint: emulator.endpoint,
        tenantId: app.tenantId,
        clientId: app.clientId,
        clientSecret: app.clientSecret,
      }),
    );
    const result = await invoke(['CreateCommunicationIdentity', '--connection-file', file], {
      AZURE_AUTHORITY_HOST: emulator.endpoint,
    });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).status).toBe(201);
  });

  it("uses the embedded emulator's Entra application with --sign-in entra", async () => {
    const result = await invoke(['CreateCommunicationIdentity', '--sign-in', 'entra']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toMatch(/embedded ACS emulator and its Microsoft Entra ID application/);
    expect(JSON.parse(result.stdout).status).toBe(201);
  });

  it('names a missing value as a usage error (exit 2) and sends nothing', async () => {
    const result = await invoke(
      ['CreateCommunicationIdentity', '--endpoint', emulator.endpoint, '--tenant-id', app.tenantId],
      { AZURE_AUTHORITY_HOST: emulator.endpoint },
    );
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(
      /The Microsoft Entra ID sign-in needs the client ID, the client secret; nothing was sent\./,
    );
    expect(result.stderr).toMatch(
      /give --client-id or set AZURE_CLIENT_ID; give --client-secret or set AZURE_CLIENT_SECRET/,
    );
    expect(result.stdout).toBe('');
  });

  it('refuses a connection string together with Entra values', async () => {
    const result = await invoke([
      'CreateCommunicationIdentity',
      '--connection-string',
      emulator.connectionString,
      '--client-id',
      app.clientId,
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/Both a connection string and Microsoft Entra ID application values were given/);
    expect(result.stderr).not.toContain(emulator.connectionString);
  });

  it("reports Entra's refusal of a wrong secret, without the secret", async () => {
    const wrongSecret = join(folder, 'wrong-secret.txt');
    await writeFile(wrongSecret, 'not-the-secret-of-this-app');
    const result = await invoke(
      ['CreateCommunicationIdentity', ...flags().slice(0, -2), '--client-secret', `@${wrongSecret}`],
      { AZURE_AUTHORITY_HOST: emulator.endpoint },
    );
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /Microsoft Entra ID refused the token request for client [0-9a-f-]{36}: invalid_client: AADSTS7000215/,
    );
    expect(result.stderr).toMatch(/Value \(not its Secret ID\)/);
    expect(result.stdout + result.stderr).not.toContain('not-the-secret-of-this-app');
  });

  it('refuses a plain-http authority that is not on this machine', async () => {
    const result = await invoke(['CreateCommunicationIdentity', ...flags()], {
      AZURE_AUTHORITY_HOST: 'http://login.example.com/',
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/must use https \(plain http is allowed only on a loopback address/);
  });
});
