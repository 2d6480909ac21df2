import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EntraApplication, type RunningEmulator } from '../../src/emulator/index.ts';
import {
  ClientSecretTokenSource,
  REFRESH_MARGIN_MS,
  checkAuthorityHost,
  type ClientCredentials,
} from '../../src/runtime/client-credentials.ts';
import { UserError } from '../../src/shared/errors.ts';

const SCOPE = 'https://communication.azure.com/.default';
let now = Date.now();
let emulator: RunningEmulator;
let app: EntraApplication;

beforeAll(async () => {
  emulator = await startEmulator({ clock: () => now });
  app = emulator.applications[0]!;
});
afterAll(() => emulator.close());

const source = (overrides: Partial<ClientCredentials> = {}) =>
  new ClientSecretTokenSource(
    {
      tenantId: app.tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      authorityHost: emulator.endpoint,
      ...overrides,
    },
    () => now,
  );

describe('client-credentials token source', () => {
  it('caches the token until shortly before it expires, and shares one request between concurrent callers', async () => {
    const tokens = source();
    const [first, concurrent] = await Promise.all([tokens.getToken(SCOPE), tokens.getToken(SCOPE)]);
    expect(concurrent).toBe(first);
    expect(first.expiresOnTimestamp).toBe(now + 3599 * 1000);
    const saved = now;
    try {
      now = first.expiresOnTimestamp - REFRESH_MARGIN_MS - 1;
      expect(await tokens.getToken(SCOPE)).toBe(first);
      now = first.expiresOnTimestamp - REFRESH_MARGIN_MS + 1000;
      const renewed = await tokens.getToken(SCOPE);
      expect(renewed).not.toBe(first);
      expect(renewed.expiresOnTimestamp).toBe(now + 3599 * 1000);
    } finally {
      now = saved;
    }
  });

  it("reports Entra's refusal with its AADSTS text and a hint, never the secret", async () => {
    const error = await source({ clientSecret: 'wrong-secret-value' })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(
      /^Microsoft Entra ID refused the token request for client [0-9a-f-]{36}: invalid_client: AADSTS7000215: /,
    );
    expect((error as UserError).hint).toMatch(/client secret/);
    expect(`${(error as UserError).message}${(error as UserError).hint}`).not.toContain('wrong-secret-value');

    const tenant = await source({ tenantId: '11111111-2222-3333-4444-555555555555' })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect((tenant as UserError).message).toContain('invalid_tenant: AADSTS90002');
  });

  it('allows plain http only on a loopback authority', () => {
    expect(checkAuthorityHost('http://127.0.0.1:8080').href).toBe('http://127.0.0.1:8080/');
    expect(checkAuthorityHost('http://localhost:1/x').href).toBe('http://localhost:1/x/');
    expect(checkAuthorityHost('https://login.microsoftonline.us').href).toBe('https://login.microsoftonline.us/');
    expect(() => checkAuthorityHost('http://login.example.com/')).toThrow(/must use https/);
    expect(() => checkAuthorityHost('not a url')).toThrow(/is not a URL/);
  });

  it('names an unreachable authority', async () => {
    const closed = await startEmulator();
    const endpoint = closed.endpoint;
    await closed.close();
    const error = await source({ authorityHost: endpoint })
      .getToken(SCOPE)
      .catch((caught: unknown) => caught);
    expect((error as UserError).message).toMatch(
      /^Could not reach Microsoft Entra ID at http:\/\/127\.0\.0\.1:\d+ for a token/,
    );
  });
});
