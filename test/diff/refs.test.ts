import { describe, expect, it } from 'vitest';
import { diffConnectors } from '../../src/diff/compare.ts';
import { edited, ourPackage } from './helpers.ts';

const issue = (d: any) => d.paths['/identities/{identityId}/:issueAccessToken'].post;
const create = (d: any) => d.paths['/identities'].post;

/** Our package with the access-token shape moved into one shared definition that two actions use. */
const sharedToken = (d: any) => {
  d.definitions.AccessToken = issue(d).responses['200'].schema;
  issue(d).responses['200'].schema = { $ref: '#/definitions/AccessToken' };
  create(d).responses['201'].schema.properties.accessToken = { $ref: '#/definitions/AccessToken' };
};

describe('diff follows $refs on both sides', () => {
  it('reports a change in a shared definition once per action it affects, at the definition', async () => {
    const base = edited(await ourPackage(), sharedToken, 'base');
    const head = edited(base, (d) => (d.definitions.AccessToken.properties.expiresOn.type = 'integer'));
    const changes = diffConnectors(base, head);
    expect(changes.map(({ kind, operationId, base: at, head: to }) => ({ kind, operationId, at, to }))).toEqual([
      {
        kind: 'type-changed',
        operationId: 'CreateCommunicationIdentity',
        at: '/definitions/AccessToken/properties/expiresOn',
        to: '/definitions/AccessToken/properties/expiresOn',
      },
      {
        kind: 'type-changed',
        operationId: 'IssueIdentityAccessToken',
        at: '/definitions/AccessToken/properties/expiresOn',
        to: '/definitions/AccessToken/properties/expiresOn',
      },
    ]);
    expect(changes[0]!.message).toContain('accessToken.expiresOn');
  });

  it('sees no change when a schema is only moved behind a $ref', async () => {
    const base = await ourPackage();
    // Only the texts of Create's accessToken differ: the shared definition carries Issue's (none).
    for (const [before, after] of [
      [base, edited(base, sharedToken)],
      [edited(base, sharedToken), base],
    ] as const) {
      const changes = diffConnectors(before, after);
      expect(changes.length).toBeGreaterThan(0);
      expect(changes.every((c) => c.kind === 'text-changed' && c.operationId === 'CreateCommunicationIdentity')).toBe(
        true,
      );
    }
    const untitled = (d: any) => {
      const token = create(d).responses['201'].schema.properties.accessToken;
      delete token['x-ms-summary'];
      delete token.description;
    };
    expect(
      diffConnectors(
        edited(base, untitled),
        edited(base, (d) => {
          untitled(d);
          sharedToken(d);
        }),
      ),
    ).toEqual([]);
  });

  it('follows $refs of responses and parameters, and points at where the change is', async () => {
    const base = edited(
      await ourPackage(),
      (d) => {
        d.responses.Unauthorized = {
          description: 'Refused.',
          schema: { $ref: '#/definitions/CommunicationErrorResponse' },
        };
        issue(d).responses['401'] = { $ref: '#/responses/Unauthorized' };
      },
      'base',
    );
    const head = edited(base, (d) => {
      delete d.definitions.CommunicationErrorResponse.properties.error.properties.target;
      d.parameters.ApiVersion.required = false;
    });
    const changes = diffConnectors(base, head);
    expect(changes.filter((c) => c.kind === 'output-removed')).toEqual([
      expect.objectContaining({
        operationId: 'IssueIdentityAccessToken',
        base: '/definitions/CommunicationErrorResponse/properties/error/properties/target',
      }),
    ]);
    expect(changes.filter((c) => c.kind === 'parameter-made-optional')).toHaveLength(
      Object.values<any>(base.definition.paths as object).flatMap((item) => Object.keys(item)).length,
    );
    expect(
      changes.filter((c) => c.kind === 'parameter-made-optional').every((c) => c.base === '/parameters/ApiVersion'),
    ).toBe(true);
  });

  it('ends on $ref cycles and still sees changes inside them', async () => {
    const recursive = (d: any) => {
      d.definitions.Node = {
        type: 'object',
        properties: { name: { type: 'string' }, children: { type: 'array', items: { $ref: '#/definitions/Node' } } },
      };
      d.definitions.Loop = { $ref: '#/definitions/Loop' };
      issue(d).responses['200'].schema.properties.tree = { $ref: '#/definitions/Node' };
      issue(d).responses['200'].schema.properties.loop = { $ref: '#/definitions/Loop' };
    };
    const base = edited(await ourPackage(), recursive, 'base');
    expect(
      diffConnectors(
        base,
        edited(base, () => {}),
      ),
    ).toEqual([]);
    const head = edited(base, (d) => (d.definitions.Node.properties.name.type = 'integer'));
    expect(diffConnectors(base, head)).toEqual([
      expect.objectContaining({ kind: 'type-changed', base: '/definitions/Node/properties/name' }),
    ]);
  });

  it('merges allOf parts when comparing fields', async () => {
    const split = (d: any) => {
      const schema = issue(d).responses['200'].schema;
      d.definitions.Expiry = { type: 'object', properties: { expiresOn: schema.properties.expiresOn } };
      issue(d).responses['200'].schema = {
        allOf: [{ $ref: '#/definitions/Expiry' }, { type: 'object', properties: { token: schema.properties.token } }],
      };
    };
    const base = await ourPackage();
    expect(diffConnectors(base, edited(base, split)).filter((c) => c.level === 'breaking')).toEqual([]);
    const head = edited(base, (d) => {
      split(d);
      delete d.definitions.Expiry.properties.expiresOn;
    });
    expect(diffConnectors(base, head)).toContainEqual(
      expect.objectContaining({ kind: 'output-removed', operationId: 'IssueIdentityAccessToken' }),
    );
  });
});
