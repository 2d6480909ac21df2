import { CommunicationIdentityClient } from '@azure/communication-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ConnectorRuntime } from '../../src/runtime/runtime.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

describe("the connector and Microsoft's SDK on one emulator", () => {
  let emulator: RunningEmulator;
  let runtime: ConnectorRuntime;
  let sdk: CommunicationIdentityClient;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    runtime = await ConnectorRuntime.load({ dir: REPOSITORY_ROOT });
    sdk = new CommunicationIdentityClient(emulator.connectionString, {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });
  });
  afterAll(async () => {
    await runtime?.close();
    await emulator?.close();
  });

  it('a user created through the connector gets a token through the SDK', async () => {
    const created = await runtime.invoke('CreateCommunicationIdentity', {
      connectionString: emulator.connectionString,
    });
    expect(created.status).toBe(201);
    const communicationUserId = (created.body as { identity: { id: string } }).identity.id;
    const token = await sdk.getToken({ communicationUserId }, ['chat']);
    expect(token.token.split('.')).toHaveLength(3);
    expect(token.expiresOn.getTime()).toBeGreaterThan(Date.now());
  });

  it('a user created through the SDK is deleted through the connector', async () => {
    const user = await sdk.createUser();
    const deleted = await runtime.invoke('DeleteCommunicationIdentity', {
      parameters: { identityId: user.communicationUserId },
      connectionString: emulator.connectionString,
    });
    expect(deleted.status).toBe(204);
    await expect(sdk.getToken(user, ['chat'])).rejects.toMatchObject({ statusCode: 404 });
  });
});
