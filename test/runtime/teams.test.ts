import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SignInKind } from '../../src/runtime/connection.ts';
import { runtimeOnEmulator } from '../support/runtime-on-emulator.ts';

// ExchangeTeamsUserAccessToken as a flow runs it: runtime → script.csx in the .NET host → emulator.
const INVALID_TOKEN = { error: { code: 'InvalidAccessToken', message: 'Provided access token is not valid.' } };
const setup = runtimeOnEmulator();

interface TeamsUser {
  token: string;
  appId: string;
  userId: string;
  expiresOn: string;
}

const signIn = async (options: Record<string, unknown> = {}) => (await setup.signIn(options)) as TeamsUser;

// Both sign-in kinds of the connector: the connection string (HMAC), and the Entra application (bearer).
describe.each<SignInKind>(['connection-string', 'entra'])(
  'ExchangeTeamsUserAccessToken through script.csx, signed in with %s',
  (kind) => {
    const exchange = (body: Record<string, unknown>) =>
      setup.invoke('ExchangeTeamsUserAccessToken', kind, { body: JSON.stringify(body) });

    it('returns an ACS access token for the Teams user that expires with the Teams token', async () => {
      const user = await signIn({ expiresInMinutes: 45 });
      const result = await exchange({ token: user.token, appId: user.appId, userId: user.userId });
      expect(result.status).toBe(200);
      expect(result.warnings).toEqual([]);
      const body = result.body as { token: string; expiresOn: string };
      expect(Date.parse(body.expiresOn)).toBe(Date.parse(user.expiresOn));
      const claims = JSON.parse(Buffer.from(body.token.split('.')[1]!, 'base64url').toString('utf8'));
      expect(claims.skypeid).toBe(`orgid:${user.userId}`);
      expect(claims.acsScope).toBe('voip,chat');
    });

    const refusals: Array<[string, (user: TeamsUser) => Promise<Record<string, unknown>>, number, unknown, string]> = [
      [
        'wrong app: a token issued to another application',
        async (user) => ({ token: user.token, appId: randomUUID(), userId: user.userId }),
        400,
        { error: { code: 'ValidationError', message: 'AAD application is not the expected one.', target: 'appId' } },
        'wrong-app',
      ],
      [
        'wrong user: a token of another Teams user',
        async (user) => ({ token: user.token, appId: user.appId, userId: randomUUID() }),
        400,
        {
          error: {
            code: 'ValidationError',
            message: 'Provided AAD token issued for unexpected user.',
            target: 'userId',
          },
        },
        'wrong-user',
      ],
      [
        'expired: the Teams token expired a minute ago',
        async () => pass(await signIn({ expiresInMinutes: -1 })),
        401,
        INVALID_TOKEN,
        'expired',
      ],
      [
        'wrong audience: a token for Microsoft Graph',
        async () => pass(await signIn({ audience: 'https://graph.microsoft.com' })),
        401,
        INVALID_TOKEN,
        'audience',
      ],
      [
        'missing scope: neither Teams.ManageCalls nor Teams.ManageChats',
        async () => pass(await signIn({ scopes: ['User.Read'] })),
        401,
        INVALID_TOKEN,
        'scope',
      ],
      [
        'not a JWT',
        async (user) => ({ token: 'this is not a JWT', appId: user.appId, userId: user.userId }),
        401,
        INVALID_TOKEN,
        'malformed',
      ],
    ];

    it.each(refusals)('refuses %s, and the cause reaches the caller', async (_name, body, status, expected, cause) => {
      const result = await exchange(await body(await signIn()));
      expect(result.status).toBe(status);
      expect(result.body).toEqual(expected);
      expect(result.headers['x-emulator-refusal']).toBe(cause);
      // Documented answers: the runtime has nothing to warn about.
      expect(result.warnings).toEqual([]);
    });
  },
);

function pass(user: TeamsUser): Record<string, unknown> {
  return { token: user.token, appId: user.appId, userId: user.userId };
}
