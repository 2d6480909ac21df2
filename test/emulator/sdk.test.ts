import { randomUUID } from 'node:crypto';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { expectExpiry, rawRequest, newAccessKey } from './helpers.ts';

// Microsoft's own SDK, unchanged, against the emulator over a real socket.
let emulator: RunningEmulator;
let client: CommunicationIdentityClient;

beforeAll(async () => {
  emulator = await startEmulator({ accessKey: newAccessKey() });
  client = new CommunicationIdentityClient(emulator.connectionString, {
    allowInsecureConnection: true,
    retryOptions: { maxRetries: 0 },
  });
});
afterAll(() => emulator.close());

async function introspect(token: string): Promise<{ active: boolean; reason?: string; scopes?: string[] }> {
  const response = await rawRequest(emulator.endpoint, {
    method: 'POST',
    target: '/_emulator/tokens:introspect',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  expect(response.status).toBe(200);
  return response.json;
}

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

async function sdkError(promise: Promise<unknown>): Promise<{ statusCode: number; code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { statusCode: number; code: string; message: string };
  }
  throw new Error('expected the SDK call to fail');
}

describe('@azure/communication-identity against the emulator', () => {
  it('creates a user with an id of this resource', async () => {
    const user = await client.createUser();
    expect(user.communicationUserId).toMatch(new RegExp(`^8:acs:${emulator.resourceId}_[0-9a-f-]{36}$`));
  });

  it('creates a user and a token with a custom expiry; exp in the JWT equals expiresOn', async () => {
    const before = Date.now();
    const { user, token, expiresOn } = await client.createUserAndToken(['chat', 'voip'], { tokenExpiresInMinutes: 60 });
    expectExpiry(expiresOn.getTime(), 60, before, Date.now());
    const claims = claimsOf(token);
    expect(claims.exp).toBe(Math.floor(expiresOn.getTime() / 1000));
    expect(claims.acsScope).toBe('chat,voip');
    expect(claims.resourceId).toBe(emulator.resourceId);
    expect(claims.skypeid).toBe(user.communicationUserId.slice('8:'.length));
    expect(claims.scp).toBe(1792);
    expect(claims.iat).toBe(Number(claims.csi));
    expect(claims.exp).toBe((claims.iat as number) + 60 * 60);
    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header).toMatchObject({ alg: 'RS256', typ: 'JWT' });
    expect(header.kid).toBeTypeOf('string');
    expect(header.x5t).toBeTypeOf('string');
    expect(await introspect(token)).toMatchObject({ active: true, scopes: ['chat', 'voip'] });
  });

  it('issues a token for an existing user with the default 24 h expiry', async () => {
    const user = await client.createUser();
    const before = Date.now();
    const { token, expiresOn } = await client.getToken(user, ['chat.join', 'voip.join']);
    expectExpiry(expiresOn.getTime(), 1440, before, Date.now());
    expect(claimsOf(token).acsScope).toBe('chat.join,voip.join');
  });

  it('revokes tokens: an earlier token becomes invalid, a later one is valid', async () => {
    const user = await client.createUser();
    const { token: earlier } = await client.getToken(user, ['chat']);
    expect((await introspect(earlier)).active).toBe(true);
    await client.revokeTokens(user);
    expect(await introspect(earlier)).toEqual({ active: false, reason: 'revoked' });
    const { token: later } = await client.getToken(user, ['chat']);
    expect((await introspect(later)).active).toBe(true);
  });

  it('deletes a user: its tokens die and a second delete is 404', async () => {
    const user = await client.createUser();
    const { token } = await client.getToken(user, ['voip']);
    await client.deleteUser(user);
    expect(await introspect(token)).toEqual({ active: false, reason: 'deleted' });
    const error = await sdkError(client.deleteUser(user));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('IdentityNotFound');
  });

  it('reports an expiry outside 60–1440 minutes with the recorded error', async () => {
    const user = await client.createUser();
    const error = await sdkError(client.getToken(user, ['chat'], { tokenExpiresInMinutes: 59 }));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('ValidationError');
    expect(error.message).toContain('ExpiresInMinutes value 59 is invalid');
    const tooLong = await sdkError(client.createUserAndToken(['chat'], { tokenExpiresInMinutes: 1441 }));
    expect(tooLong.statusCode).toBe(400);
  });

  it('reports empty scopes and an unknown scope as 400 ValidationError', async () => {
    const user = await client.createUser();
    const empty = await sdkError(client.getToken(user, []));
    expect([empty.statusCode, empty.code]).toEqual([400, 'ValidationError']);
    expect(empty.message).toBe('Invalid scopes - Scopes field is required.');
    const unknown = await sdkError(client.getToken(user, ['pstn' as 'chat']));
    expect([unknown.statusCode, unknown.code]).toEqual([400, 'ValidationError']);
  });

  it('answers 404 for an unknown id of this resource and 401 IdentityNotOwned for another resource', async () => {
    const unknown = await sdkError(
      client.getToken({ communicationUserId: `8:acs:${emulator.resourceId}_${randomUUID()}` }, ['chat']),
    );
    expect([unknown.statusCode, unknown.code]).toEqual([404, 'IdentityNotFound']);
    const foreign = await sdkError(
      client.revokeTokens({ communicationUserId: `8:acs:${randomUUID()}_${randomUUID()}` }),
    );
    expect([foreign.statusCode, foreign.code]).toEqual([401, 'IdentityNotOwned']);
    const malformed = await sdkError(client.deleteUser({ communicationUserId: 'not-an-acs-id' }));
    expect([malformed.statusCode, malformed.code]).toEqual([400, 'ValidationError']);
  });

  it('rejects the SDK when its connection string carries another key', async () => {
    const wrong = new CommunicationIdentityClient(`endpoint=${emulator.endpoint};accesskey=${newAccessKey()}`, {
      allowInsecureConnection: true,
      retryOptions: { maxRetries: 0 },
    });
    const error = await sdkError(wrong.createUser());
    expect([error.statusCode, error.code]).toEqual([401, 'Denied']);
  });
});
