import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { idPath, newAccessKey, rawRequest, send, signed } from './helpers.ts';

const API = 'api-version=2025-06-30';
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const SIGNED_HEADERS = ['x-ms-date', 'host', 'x-ms-content-sha256'] as const;
const DROPPABLE = ['authorization', ...SIGNED_HEADERS] as const;

let emulator: RunningEmulator;
let accessKey: string;
let pool: string[];

beforeAll(async () => {
  accessKey = newAccessKey();
  emulator = await startEmulator({ accessKey });
  pool = await Promise.all(
    Array.from(
      { length: 8 },
      async () => (await send(emulator.endpoint, accessKey, 'POST', `/identities?${API}`)).json.identity.id,
    ),
  );
});
afterAll(() => emulator.close());

type Operation = 'create' | 'createWithToken' | 'issue' | 'revoke' | 'delete';
type Request = ReturnType<typeof signed>;

async function validRequest(operation: Operation, pick: number): Promise<{ request: Request; success: number }> {
  const id =
    operation === 'delete'
      ? (await send(emulator.endpoint, accessKey, 'POST', `/identities?${API}`)).json.identity.id
      : pool[pick % pool.length]!;
  const make = (method: string, target: string, body = '') =>
    signed(emulator.endpoint, accessKey, method, target, body);
  switch (operation) {
    case 'create':
      return { request: make('POST', `/identities?${API}`), success: 201 };
    case 'createWithToken':
      return {
        request: make(
          'POST',
          `/identities?${API}`,
          JSON.stringify({ createTokenWithScopes: ['chat', 'voip'], expiresInMinutes: 60 + (pick % 1381) }),
        ),
        success: 201,
      };
    case 'issue':
      return {
        request: make('POST', `${idPath(id)}/:issueAccessToken?${API}`, '{"scopes":["chat.join"]}'),
        success: 200,
      };
    case 'revoke':
      return { request: make('POST', `${idPath(id)}/:revokeAccessTokens?${API}`), success: 204 };
    case 'delete':
      return { request: make('DELETE', `${idPath(id)}?${API}`), success: 204 };
  }
}

/** Replaces the character at `position` (modulo length) with a different alphanumeric one. */
function flip(text: string, position: number, choice: number): string {
  if (text.length === 0) return ALPHANUMERIC[choice % ALPHANUMERIC.length]!;
  const index = position % text.length;
  let replacement = ALPHANUMERIC[choice % ALPHANUMERIC.length]!;
  if (replacement === text[index]) replacement = ALPHANUMERIC[(choice + 1) % ALPHANUMERIC.length]!;
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

type Mutation =
  | { kind: 'method'; choice: number }
  | { kind: 'path' | 'query' | 'body' | 'signature'; position: number; choice: number }
  | { kind: 'header'; header: (typeof SIGNED_HEADERS)[number]; position: number; choice: number }
  | { kind: 'drop'; header: (typeof DROPPABLE)[number] };

function mutate(request: Request, mutation: Mutation): Request {
  const copy = { ...request, headers: { ...request.headers } };
  const [path, query] = request.target.split('?') as [string, string];
  switch (mutation.kind) {
    case 'method': {
      const others = METHODS.filter((method) => method !== request.method);
      copy.method = others[mutation.choice % others.length]!;
      break;
    }
    case 'path':
      // The leading '/' stays: without it the request line is not HTTP at all (Node answers 400).
      copy.target = `/${flip(path.slice(1), mutation.position, mutation.choice)}?${query}`;
      break;
    case 'query':
      copy.target = `${path}?${flip(query, mutation.position, mutation.choice)}`;
      break;
    case 'body':
      copy.body = flip(request.body, mutation.position, mutation.choice);
      copy.headers['content-length'] = String(Buffer.byteLength(copy.body));
      break;
    case 'signature': {
      const [prefix, signature] = request.headers.authorization!.split('&Signature=') as [string, string];
      copy.headers.authorization = `${prefix}&Signature=${flip(signature, mutation.position, mutation.choice)}`;
      break;
    }
    case 'header':
      copy.headers[mutation.header] = flip(request.headers[mutation.header]!, mutation.position, mutation.choice);
      break;
    case 'drop':
      delete copy.headers[mutation.header];
      break;
  }
  return copy;
}

const operations = fc.constantFrom<Operation>('create', 'createWithToken', 'issue', 'revoke', 'delete');
const position = fc.nat({ max: 10_000 });
const choice = fc.nat({ max: 1_000 });
const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('method' as const), choice }),
  fc.record({
    kind: fc.constantFrom('path' as const, 'query' as const, 'body' as const, 'signature' as const),
    position,
    choice,
  }),
  fc.record({ kind: fc.constant('header' as const), header: fc.constantFrom(...SIGNED_HEADERS), position, choice }),
  fc.record({ kind: fc.constant('drop' as const), header: fc.constantFrom(...DROPPABLE) }),
);

describe('signature property', () => {
  it('accepts every untouched signed request', async () => {
    await fc.assert(
      fc.asyncProperty(operations, fc.nat(), async (operation, pick) => {
        const { request, success } = await validRequest(operation, pick);
        const response = await rawRequest(emulator.endpoint, request);
        expect(response.status, response.body).toBe(success);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects every mutation of a signed request with 401', async () => {
    await fc.assert(
      fc.asyncProperty(operations, fc.nat(), mutations, async (operation, pick, mutation) => {
        const { request } = await validRequest(operation, pick);
        const response = await rawRequest(emulator.endpoint, mutate(request, mutation));
        expect(response.status, `${JSON.stringify(mutation)} → ${response.body}`).toBe(401);
        expect(response.json.error.code).toBe('Denied');
      }),
      { numRuns: 300 },
    );
  });
});
