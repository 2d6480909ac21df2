import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { allParameters, listOperations, readConnectorFolder } from '../../src/connector-folder/index.ts';

const parameter = (name: string, where: string, extra: Record<string, unknown> = {}) => ({
  name,
  in: where,
  type: 'string',
  ...extra,
});

/** Two operations under one path that declares shared parameters, some overridden, some through $refs. */
const definition = {
  swagger: '2.0',
  parameters: {
    apiVersion: parameter('api-version', 'query', { default: '2025-06-30' }),
    'user id': parameter('id', 'path', { description: 'from #/parameters' }),
    loopA: { $ref: '#/parameters/loopB' },
    loopB: { $ref: '#/parameters/loopA' },
  },
  responses: {
    Created: { description: 'Created.', schema: { type: 'object' } },
    // A chain of $refs is followed to its end.
    Accepted: { $ref: '#/responses/Created' },
  },
  paths: {
    '/identities/{id}': {
      parameters: [
        { $ref: '#/parameters/apiVersion' },
        parameter('id', 'path', { description: 'path level' }),
        parameter('id', 'header', { description: 'path level header' }),
      ],
      get: {
        operationId: 'GetIdentity',
        // Same name and location as the path-level one: replaces it. The header "id" stays.
        parameters: [parameter('id', 'path', { description: 'own' })],
        responses: { '200': { description: 'OK.' } },
      },
      delete: {
        operationId: 'DeleteIdentity',
        // Through a $ref written as a URI fragment ("%20" is a space).
        parameters: [
          { $ref: '#/parameters/user%20id' },
          { $ref: '#/parameters/missing' },
          { $ref: '#/parameters/loopA' },
        ],
        responses: {
          '201': { $ref: '#/responses/Accepted' },
          '404': { $ref: '#/responses/Nowhere' },
          default: 'not an object',
        },
      },
      'x-ms-notes': { summary: 'not a method' },
    },
    '/broken': 'not an object',
  },
};

describe('listOperations', () => {
  const [get, remove] = listOperations(definition);

  it('lists every method of every path that is an object, and nothing else', () => {
    expect(listOperations(definition).map(({ method, path: route, pointer }) => [method, route, pointer])).toEqual([
      ['get', '/identities/{id}', '/paths/~1identities~1{id}/get'],
      ['delete', '/identities/{id}', '/paths/~1identities~1{id}/delete'],
    ]);
  });

  it('lets an operation parameter override a path-level one with the same name and location only', () => {
    expect(get!.parameters.map(({ parameter: p, pointer }) => [p.name, p.in, p.description, pointer])).toEqual([
      ['api-version', 'query', undefined, '/paths/~1identities~1{id}/parameters/0'],
      ['id', 'header', 'path level header', '/paths/~1identities~1{id}/parameters/2'],
      ['id', 'path', 'own', '/paths/~1identities~1{id}/get/parameters/0'],
    ]);
  });

  it('resolves parameter $refs (URI-fragment encoded too) and lets a resolved one override by name and location', () => {
    expect(
      remove!.parameters.map(({ parameter: p, pointer, definedAt }) => [
        p.name,
        p.in,
        p.description,
        pointer,
        definedAt,
      ]),
    ).toEqual([
      ['api-version', 'query', undefined, '/paths/~1identities~1{id}/parameters/0', '/parameters/apiVersion'],
      [
        'id',
        'header',
        'path level header',
        '/paths/~1identities~1{id}/parameters/2',
        '/paths/~1identities~1{id}/parameters/2',
      ],
      ['id', 'path', 'from #/parameters', '/paths/~1identities~1{id}/delete/parameters/0', '/parameters/user id'],
    ]);
    expect(remove!.parameters[0]!.parameter.default).toBe('2025-06-30');
  });

  it('leaves out a parameter whose $ref leads nowhere (or round in a cycle) and says where it is', () => {
    expect(get!.brokenParameterRefs).toEqual([]);
    expect(remove!.brokenParameterRefs).toEqual([
      { ref: '#/parameters/missing', pointer: '/paths/~1identities~1{id}/delete/parameters/1' },
      { ref: '#/parameters/loopA', pointer: '/paths/~1identities~1{id}/delete/parameters/2' },
    ]);
  });

  it('resolves response $refs (a chain too); a broken or non-object response is an empty one, still listed by its code', () => {
    const at = '/paths/~1identities~1{id}/delete/responses';
    expect(remove!.responses).toEqual([
      { code: '201', pointer: `${at}/201`, definedAt: '/responses/Created', response: definition.responses.Created },
      { code: '404', pointer: `${at}/404`, definedAt: `${at}/404`, response: {} },
      { code: 'default', pointer: `${at}/default`, definedAt: `${at}/default`, response: {} },
    ]);
  });

  it('walks every parameter of every operation with its operation', () => {
    expect(
      allParameters([get!, remove!]).map(
        ({ entry, parameter: p }) => `${entry.method} ${String(p.in)}:${String(p.name)}`,
      ),
    ).toEqual([
      'get query:api-version',
      'get header:id',
      'get path:id',
      'delete query:api-version',
      'delete header:id',
      'delete path:id',
    ]);
  });

  it('finds nothing in what is not a definition', () => {
    for (const value of [undefined, null, 'text', [], {}, { paths: [] }, { paths: { '/a': [] } }])
      expect(listOperations(value)).toEqual([]);
  });
});

describe('readConnectorFolder', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('reads the files that exist, parses the JSON ones and indexes the operations', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'acs-folder-'));
    await writeFile(path.join(dir, 'apiDefinition.swagger.json'), `\uFEFF${JSON.stringify(definition)}`);
    await writeFile(path.join(dir, 'apiProperties.json'), '{\n  "properties": {},\n}');
    const folder = readConnectorFolder(dir);
    expect(folder.raw.script).toBeUndefined();
    expect(folder.raw.icon).toBeUndefined();
    expect(folder.operations.map((entry) => entry.operation.operationId)).toEqual(['GetIdentity', 'DeleteIdentity']);
    expect(folder.resolveRef('#/responses/Created')).toEqual(definition.responses.Created);
    expect(folder.resolveRef('other.json#/responses/Created')).toBeUndefined();
    expect(folder.properties).toBeUndefined();
    expect(folder.propertiesJson?.parseError).toMatchObject({ line: 3, column: 1 });
  });
});
