import { describe, expect, it } from 'vitest';
import { diffConnectors } from '../../src/diff/compare.ts';
import { CHANGE_KINDS, type ChangeKind, type ChangeKindId } from '../../src/diff/kinds.ts';
import { edited, ourPackage } from './helpers.ts';

const CREATE = '/paths/~1identities/post';
const DELETE = '/paths/~1identities~1{identityId}/delete';
const ISSUE = '/paths/~1identities~1{identityId}~1:issueAccessToken/post';
const REVOKE = '/paths/~1identities~1{identityId}~1:revokeAccessTokens/post';
// Every action uses the shared ApiVersion parameter; the user actions also use IdentityId.
const ALL = [
  'CreateCommunicationIdentity',
  'DeleteCommunicationIdentity',
  'IssueIdentityAccessToken',
  'RevokeIdentityAccessTokens',
  'ExchangeTeamsUserAccessToken',
  'CreateOrReplaceTeamsPhoneAssignment',
  'GetTeamsPhoneAssignment',
  'DeleteTeamsPhoneAssignment',
  'ExchangeTeamsPhoneAccessToken',
];
const ON_A_USER = ['DeleteCommunicationIdentity', 'IssueIdentityAccessToken', 'RevokeIdentityAccessTokens'];

const op = (definition: any, pointer: string) => {
  const [, , path, method] = pointer.split('/');
  return definition.paths[path!.replace(/~1/g, '/')][method!];
};
const issueBody = (d: any) => op(d, ISSUE).parameters.find((p: any) => p.in === 'body').schema;
const createBody = (d: any) => op(d, CREATE).parameters.find((p: any) => p.in === 'body');

interface Seed {
  change: string;
  edit: (definition: any, properties: any) => void;
  kind: ChangeKindId;
  /** The actions the change must be reported for, once each (none: a connector-wide change). */
  operations: string[];
  base?: string;
  head?: string;
}

// Each row seeds one change into a copy of our package; the level comes from the kind's table entry,
// and the test checks both the kind and that the level is the one the README's diff command promises.
/** Our package's first sign-in kind: the connection string. */
const keySet = (p: any) => p.properties.connectionParameterSets.values[0];
const CONNECTION_STRING = '/properties/connectionParameterSets/values/0/parameters/connectionString';

const BREAKING: Seed[] = [
  {
    change: 'an action hidden',
    kind: 'operation-hidden',
    operations: ['RevokeIdentityAccessTokens'],
    base: REVOKE,
    head: REVOKE,
    edit: (d) => (op(d, REVOKE)['x-ms-visibility'] = 'internal'),
  },
  {
    change: 'an action deprecated and hidden',
    kind: 'operation-hidden',
    operations: ['RevokeIdentityAccessTokens'],
    edit: (d) => Object.assign(op(d, REVOKE), { deprecated: true, 'x-ms-visibility': 'internal' }),
  },
  {
    change: 'an action removed',
    kind: 'operation-removed',
    operations: ['DeleteCommunicationIdentity'],
    base: DELETE,
    edit: (d) => delete d.paths['/identities/{identityId}'].delete,
  },
  {
    change: 'an operationId renamed',
    kind: 'operation-renamed',
    operations: ['RevokeIdentityAccessTokens'],
    base: REVOKE,
    head: REVOKE,
    edit: (d) => (op(d, REVOKE).operationId = 'RevokeAllTokens'),
  },
  {
    change: 'a method changed',
    kind: 'operation-moved',
    operations: ['RevokeIdentityAccessTokens'],
    edit: (d) => {
      const p = d.paths['/identities/{identityId}/:revokeAccessTokens'];
      p.put = p.post;
      delete p.post;
    },
  },
  {
    change: 'a path template changed',
    kind: 'operation-moved',
    operations: ['IssueIdentityAccessToken'],
    edit: (d) => {
      d.paths['/identities/{identityId}/token'] = d.paths['/identities/{identityId}/:issueAccessToken'];
      delete d.paths['/identities/{identityId}/:issueAccessToken'];
    },
  },
  {
    change: 'a parameter removed',
    kind: 'parameter-removed',
    operations: ['DeleteCommunicationIdentity'],
    base: '/parameters/IdentityId',
    edit: (d) => op(d, DELETE).parameters.splice(1, 1),
  },
  {
    change: 'a parameter moved to another location (through a shared $ref)',
    kind: 'parameter-moved',
    operations: ALL,
    base: '/parameters/ApiVersion',
    head: '/parameters/ApiVersion',
    edit: (d) => (d.parameters.ApiVersion.in = 'header'),
  },
  {
    change: 'a parameter renamed',
    kind: 'parameter-removed',
    operations: ALL,
    base: '/parameters/ApiVersion',
    head: '/parameters/ApiVersion',
    edit: (d) => (d.parameters.ApiVersion.name = 'apiVersion'),
  },
  {
    change: 'an optional body made required',
    kind: 'parameter-made-required',
    operations: ['CreateCommunicationIdentity'],
    base: `${CREATE}/parameters/1`,
    edit: (d) => (createBody(d).required = true),
  },
  {
    change: 'an optional body field made required',
    kind: 'parameter-made-required',
    operations: ['IssueIdentityAccessToken'],
    base: `${ISSUE}/parameters/2/schema/properties/expiresInMinutes`,
    edit: (d) => issueBody(d).required.push('expiresInMinutes'),
  },
  {
    change: 'a required query parameter added',
    kind: 'parameter-added-required',
    operations: ['DeleteCommunicationIdentity'],
    head: `${DELETE}/parameters/2`,
    edit: (d) => op(d, DELETE).parameters.push({ name: 'reason', in: 'query', required: true, type: 'string' }),
  },
  {
    change: 'a required body field added',
    kind: 'parameter-added-required',
    operations: ['IssueIdentityAccessToken'],
    head: `${ISSUE}/parameters/2/schema/properties/purpose`,
    edit: (d) => {
      issueBody(d).properties.purpose = { type: 'string' };
      issueBody(d).required.push('purpose');
    },
  },
  {
    change: 'an enum added to an existing input',
    kind: 'enum-added',
    operations: ALL,
    base: '/parameters/ApiVersion',
    edit: (d) => (d.parameters.ApiVersion.enum = ['2025-06-30']),
  },
  {
    change: 'a value removed from an input enum',
    kind: 'enum-value-removed',
    operations: ['IssueIdentityAccessToken'],
    base: `${ISSUE}/parameters/2/schema/properties/scopes/items`,
    edit: (d) => issueBody(d).properties.scopes.items.enum.pop(),
  },
  {
    change: 'an input type changed',
    kind: 'type-changed',
    operations: ['IssueIdentityAccessToken'],
    edit: (d) => {
      const f = issueBody(d).properties.expiresInMinutes;
      f.type = 'string';
      delete f.format;
    },
  },
  {
    change: 'an input format changed',
    kind: 'type-changed',
    operations: ['IssueIdentityAccessToken'],
    edit: (d) => (issueBody(d).properties.expiresInMinutes.format = 'int64'),
  },
  {
    change: 'an output type changed',
    kind: 'type-changed',
    operations: ['IssueIdentityAccessToken'],
    base: `${ISSUE}/responses/200/schema/properties/expiresOn`,
    edit: (d) => (op(d, ISSUE).responses['200'].schema.properties.expiresOn.type = 'integer'),
  },
  {
    change: 'an output format changed',
    kind: 'type-changed',
    operations: ['IssueIdentityAccessToken'],
    edit: (d) => delete op(d, ISSUE).responses['200'].schema.properties.expiresOn.format,
  },
  {
    change: 'an output field removed',
    kind: 'output-removed',
    operations: ['CreateCommunicationIdentity'],
    base: `${CREATE}/responses/201/schema/properties/identity/properties/id`,
    edit: (d) => delete op(d, CREATE).responses['201'].schema.properties.identity.properties.id,
  },
  {
    change: 'a response with a schema removed',
    kind: 'response-removed',
    operations: ['IssueIdentityAccessToken'],
    base: `${ISSUE}/responses/200`,
    edit: (d) => {
      const r = op(d, ISSUE).responses;
      r['204'] = { description: 'Done.' };
      delete r['200'];
    },
  },
  {
    change: 'a required input made internal without a default',
    kind: 'parameter-hidden',
    operations: ON_A_USER,
    base: '/parameters/IdentityId',
    edit: (d) => (d.parameters.IdentityId['x-ms-visibility'] = 'internal'),
  },
  {
    change: "the connection parameter's type changed",
    kind: 'connection-changed',
    operations: [],
    base: CONNECTION_STRING,
    edit: (_d, p) => (keySet(p).parameters.connectionString.type = 'string'),
  },
  {
    change: 'the connection parameter removed',
    kind: 'connection-changed',
    operations: [],
    base: CONNECTION_STRING,
    edit: (_d, p) => delete keySet(p).parameters.connectionString,
  },
  {
    change: 'a required connection parameter added',
    kind: 'connection-changed',
    operations: [],
    head: '/properties/connectionParameterSets/values/0/parameters/region',
    edit: (_d, p) =>
      (keySet(p).parameters.region = { type: 'string', uiDefinition: { constraints: { required: 'true' } } }),
  },
  {
    change: 'a sign-in kind removed',
    kind: 'connection-changed',
    operations: [],
    base: '/properties/connectionParameterSets/values/1',
    edit: (_d, p) => p.properties.connectionParameterSets.values.splice(1, 1),
  },
  {
    change: 'connectionParameterSets replaced by plain connectionParameters',
    kind: 'connection-changed',
    operations: [],
    edit: (_d, p) => {
      p.properties.connectionParameters = keySet(p).parameters;
      delete p.properties.connectionParameterSets;
    },
  },
];

const SAFE: Seed[] = [
  {
    change: 'an action summary changed',
    kind: 'text-changed',
    operations: ['DeleteCommunicationIdentity'],
    base: DELETE,
    head: DELETE,
    edit: (d) => (op(d, DELETE).summary = 'Remove a user'),
  },
  {
    change: 'a field description changed',
    kind: 'text-changed',
    operations: ['IssueIdentityAccessToken'],
    edit: (d) => (op(d, ISSUE).responses['200'].schema.properties.token.description = 'The token.'),
  },
  {
    change: 'a new optional input',
    kind: 'parameter-added',
    operations: ['DeleteCommunicationIdentity'],
    edit: (d) => op(d, DELETE).parameters.push({ name: 'reason', in: 'query', required: false, type: 'string' }),
  },
  {
    change: 'a new optional body field',
    kind: 'parameter-added',
    operations: ['IssueIdentityAccessToken'],
    edit: (d) => (issueBody(d).properties.purpose = { type: 'string' }),
  },
  {
    change: 'a new action',
    kind: 'operation-added',
    operations: ['GetCommunicationIdentity'],
    edit: (d) =>
      (d.paths['/identities/{identityId}'].get = {
        ...op(d, DELETE),
        operationId: 'GetCommunicationIdentity',
        summary: 'Get a user',
      }),
  },
  {
    change: 'a new output field',
    kind: 'output-added',
    operations: ['IssueIdentityAccessToken'],
    head: `${ISSUE}/responses/200/schema/properties/scopes`,
    edit: (d) => (op(d, ISSUE).responses['200'].schema.properties.scopes = { type: 'string' }),
  },
  {
    change: 'an action marked deprecated',
    kind: 'operation-deprecated',
    operations: ['RevokeIdentityAccessTokens'],
    edit: (d) => (op(d, REVOKE).deprecated = true),
  },
  {
    change: 'a value added to an input enum',
    kind: 'enum-value-added',
    operations: ['CreateCommunicationIdentity'],
    edit: (d) => createBody(d).schema.properties.createTokenWithScopes.items.enum.push('chat.read'),
  },
  {
    change: 'a required body field made optional',
    kind: 'parameter-made-optional',
    operations: ['IssueIdentityAccessToken'],
    edit: (d) => delete issueBody(d).required,
  },
  {
    change: 'the brand colour',
    kind: 'branding-changed',
    operations: [],
    base: '/properties/iconBrandColor',
    edit: (_d, p) => (p.properties.iconBrandColor = '#0B6A0B'),
  },
  {
    change: 'a new sign-in kind next to the existing ones',
    kind: 'connection-added',
    operations: [],
    head: '/properties/connectionParameterSets/values/2',
    edit: (_d, p) =>
      p.properties.connectionParameterSets.values.push({
        name: 'certificate',
        parameters: { certificate: { type: 'securestring' } },
      }),
  },
];

describe("Microsoft's change validator's wording", () => {
  it.each([
    ['operation-hidden', 'The operation has been hidden. This change breaks the designer for existing flows.'],
    ['operation-removed', 'The operation has been deleted. This change breaks existing flows.'],
    [
      'enum-added',
      'The list of enum values has been added to the input field. Existing flows may use values outside of this list.',
    ],
  ] as const)('%s names it, and each change of that kind carries it', async (kind, wording) => {
    expect((CHANGE_KINDS[kind] as ChangeKind).microsoftWording).toBe(wording);
    const seed = BREAKING.find((candidate) => candidate.kind === kind)!;
    const ours = await ourPackage();
    const found = diffConnectors(ours, edited(ours, seed.edit)).filter((change) => change.kind === kind);
    expect(found.length).toBeGreaterThan(0);
    for (const change of found) expect(change.microsoftWording).toBe(wording);
  });

  it('a kind without known wording carries none, and hiding an input is not hiding an action', async () => {
    const ours = await ourPackage();
    const changes = diffConnectors(
      ours,
      edited(ours, (d) => (createBody(d).schema.properties.expiresInMinutes['x-ms-visibility'] = 'internal')),
    );
    expect(changes.map((change) => change.kind)).toEqual(['visibility-changed']);
    expect(changes[0]!.microsoftWording).toBeUndefined();
  });
});

describe('diff: seeded changes on copies of our package', () => {
  it.each([...BREAKING.map((seed) => ['breaking', seed] as const), ...SAFE.map((seed) => ['safe', seed] as const)])(
    '%s: %o',
    async (level, seed) => {
      const ours = await ourPackage();
      const base = ours;
      const head = edited(base, seed.edit);
      const changes = diffConnectors(base, head);
      const matching = changes.filter((change) => change.kind === seed.kind);
      expect(CHANGE_KINDS[seed.kind].level).toBe(level);
      expect(matching.map((change) => change.level)).toEqual(matching.map(() => level));
      expect(matching.map((change) => change.severity)).toEqual(
        matching.map(() => (level === 'breaking' ? 'error' : 'info')),
      );
      // Once per action it affects, never more.
      expect(matching.map((change) => change.operationId ?? null).sort()).toEqual(
        seed.operations.length === 0 ? [null] : [...seed.operations].sort(),
      );
      for (const change of matching) {
        if (seed.base) expect(change.base).toBe(seed.base);
        if (seed.head) expect(change.head).toBe(seed.head);
        expect(change.message).toMatch(/^[A-Z"].*[.]$/s);
        expect(change.message).not.toMatch(/undefined|\[object Object\]/);
      }
      // Nothing breaks on a safe change.
      if (level === 'safe') expect(changes.filter((change) => change.level === 'breaking')).toEqual([]);
    },
  );

  it('knows every action of our package', async () => {
    const ids = Object.values<any>((await ourPackage()).definition.paths as object).flatMap((item) =>
      Object.values<any>(item).map((op) => op.operationId),
    );
    expect(ids.sort()).toEqual([...ALL].sort());
  });

  it('reports a changed authentication type of a security definition as breaking', async () => {
    const base = edited(
      await ourPackage(),
      (d) => (d.securityDefinitions.api_key = { type: 'apiKey', in: 'header', name: 'Connection-String' }),
      'base',
    );
    const head = edited(
      base,
      (d) =>
        (d.securityDefinitions.api_key = {
          type: 'oauth2',
          flow: 'accessCode',
          authorizationUrl: 'https://login.example.com/a',
          tokenUrl: 'https://login.example.com/t',
          scopes: {},
        }),
    );
    const changes = diffConnectors(base, head).filter((change) => change.kind === 'connection-changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]!.base).toBe('/securityDefinitions/api_key');
    expect(changes[0]!.message).toMatch(/changed from apiKey in header "Connection-String" to oauth2 accessCode/);
  });

  it('reports nothing for our package compared with itself', async () => {
    const ours = await ourPackage();
    expect(
      diffConnectors(
        ours,
        edited(ours, () => {}),
      ),
    ).toEqual([]);
  });

  it('reports an action without an operationId by method and path, and tells a rename from a removal', async () => {
    const base = edited(
      await ourPackage(),
      (d) => {
        d.paths['/extra'] = { get: { summary: 'Extra', responses: { '200': { description: 'OK.' } } } };
      },
      'base',
    );
    expect(
      diffConnectors(
        base,
        edited(base, (d) => delete d.paths['/extra']),
      ),
    ).toEqual([
      expect.objectContaining({ kind: 'operation-removed', operationId: 'GET /extra', base: '/paths/~1extra/get' }),
    ]);
    // A new operationId at the same method and path is a rename; a new action elsewhere is not.
    const head = edited(base, (d) => {
      const item = d.paths['/identities/{identityId}/:issueAccessToken'];
      item.post = { ...item.post, operationId: 'IssueToken' };
      delete d.paths['/identities/{identityId}'].delete;
      d.paths['/identities/{identityId}'].post = { ...item.post, operationId: 'IssueTokenToo' };
    });
    const kinds = diffConnectors(base, head)
      .filter((c) => c.kind.startsWith('operation-'))
      .map((c) => `${c.kind} ${c.operationId}`);
    expect(kinds.sort()).toEqual(
      [
        'operation-added IssueTokenToo',
        'operation-removed DeleteCommunicationIdentity',
        'operation-renamed IssueIdentityAccessToken',
      ].sort(),
    );
  });

  it('reports a changed icon as safe', async () => {
    const ours = await ourPackage();
    const changes = diffConnectors(ours, { ...ours, icon: Buffer.concat([ours.icon!, Buffer.from([0])]) });
    expect(changes).toEqual([expect.objectContaining({ kind: 'branding-changed', level: 'safe', file: 'icon.png' })]);
  });

  it('gives each kind of change a level and a description', () => {
    for (const [id, kind] of Object.entries(CHANGE_KINDS)) {
      expect(['breaking', 'safe'], id).toContain(kind.level);
      expect(kind.description, id).toMatch(/^[A-Z].*\.$/);
    }
  });
});
