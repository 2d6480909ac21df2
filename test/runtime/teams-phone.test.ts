import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HEALTH_PATH } from '../../src/emulator/index.ts';
import type { SignInKind } from '../../src/runtime/connection.ts';
import { runtimeOnEmulator } from '../support/runtime-on-emulator.ts';

// The Teams Phone actions as a flow runs them: runtime → script.csx in the .NET host → emulator.
const setup = runtimeOnEmulator();

/** A Teams Phone user (or resource account) signed in by the emulator's Entra ID stand-in. */
async function signIn(options: Record<string, unknown> = {}) {
  return (await setup.signIn({ scopes: ['TeamsExtension.ManageCalls'], ...options })) as {
    token: string;
    tenantId: string;
    appId: string;
    userId: string;
  };
}

describe.each<SignInKind>(['connection-string', 'entra'])('the Teams Phone actions, signed in with %s', (kind) => {
  const invoke = (operationId: string, parameters: Record<string, string>, body?: unknown) =>
    setup.invoke(operationId, kind, { parameters, body: body === undefined ? undefined : JSON.stringify(body) });

  it('assign (Created yes, then no), get, exchange for the assigned principal, remove, then 404', async () => {
    const user = await signIn();
    const ids = { tenantId: user.tenantId, objectId: user.userId };
    const first = await invoke('CreateOrReplaceTeamsPhoneAssignment', ids, {
      principalType: 'user',
      clientIds: [user.appId],
    });
    expect(first.status).toBe(200);
    expect(first.warnings).toEqual([]);
    expect(first.body).toEqual({ ...ids, principalType: 'user', clientIds: [user.appId], created: true });
    const again = await invoke('CreateOrReplaceTeamsPhoneAssignment', ids, {
      principalType: 'user',
      clientIds: [user.appId],
    });
    expect(again.status).toBe(200);
    expect((again.body as { created: boolean }).created).toBe(false);

    const read = await invoke('GetTeamsPhoneAssignment', ids);
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ ...ids, principalType: 'user', clientIds: [user.appId] });

    const exchanged = await invoke('ExchangeTeamsPhoneAccessToken', {}, { token: user.token });
    expect(exchanged.status, JSON.stringify(exchanged.body)).toBe(200);
    expect(exchanged.warnings).toEqual([]);
    const body = exchanged.body as { identity: { id: string }; accessToken: { token: string } };
    expect(body.identity.id).toBe(`8:acs:${setup.emulator.resourceId}_${user.tenantId}_${user.userId}`);
    const claims = JSON.parse(Buffer.from(body.accessToken.token.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims.skypeid).toBe(body.identity.id.slice(2));

    expect((await invoke('DeleteTeamsPhoneAssignment', ids)).status).toBe(204);
    const gone = await invoke('GetTeamsPhoneAssignment', ids);
    expect(gone.status).toBe(404);
    expect((gone.body as { error: { code: string } }).error.code).toBe('AssignmentNotFound');
    expect((await invoke('ExchangeTeamsPhoneAccessToken', {}, { token: user.token })).status).toBe(403);
  });

  it('a resource account without application IDs', async () => {
    const account = await signIn();
    const ids = { tenantId: account.tenantId, objectId: account.userId };
    const assigned = await invoke('CreateOrReplaceTeamsPhoneAssignment', ids, { principalType: 'resourceAccount' });
    expect(assigned.body).toEqual({ ...ids, principalType: 'resourceAccount', created: true });
    expect((await invoke('ExchangeTeamsPhoneAccessToken', {}, { token: account.token })).status).toBe(200);
    expect((await invoke('DeleteTeamsPhoneAssignment', ids)).status).toBe(204);
  });

  it.each([
    ['Tenant ID', { tenantId: 'contoso.onmicrosoft.com', objectId: randomUUID() }, undefined, 'tenantId'],
    ['Object ID', { tenantId: randomUUID(), objectId: 'agent 7' }, undefined, 'objectId'],
    ['an Application (Client) ID', { tenantId: randomUUID(), objectId: randomUUID() }, ['my app'], 'clientIds'],
  ])('refuses %s that is not a GUID in script.csx, naming it, and sends nothing', async (_, ids, clientIds, target) => {
    const before = (await (await fetch(new URL(HEALTH_PATH, setup.emulator.endpoint))).json()).assignments;
    const result = await invoke('CreateOrReplaceTeamsPhoneAssignment', ids, {
      principalType: 'user',
      ...(clientIds ? { clientIds } : {}),
    });
    expect(result.status).toBe(400);
    expect((result.body as { error: { code: string; target: string; message: string } }).error).toMatchObject({
      code: 'ValidationError',
      target,
      message: expect.stringMatching(/must be a GUID/),
    });
    const after = (await (await fetch(new URL(HEALTH_PATH, setup.emulator.endpoint))).json()).assignments;
    expect(after).toBe(before);
  });

  it('refuses an exchange for a principal without an assignment, and an empty token before sending', async () => {
    const stranger = await signIn();
    const refused = await invoke('ExchangeTeamsPhoneAccessToken', {}, { token: stranger.token });
    expect(refused.status).toBe(403);
    const empty = await invoke('ExchangeTeamsPhoneAccessToken', {}, { token: ' ' });
    expect(empty.status).toBe(400);
    expect((empty.body as { error: { target: string } }).error.target).toBe('token');
  });
});
