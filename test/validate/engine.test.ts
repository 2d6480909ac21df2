import { describe, expect, it } from 'vitest';
import { connectorContextOf } from '../../src/validate/context.ts';
import { definitionIndex } from '../../src/validate/engine/definition-index.ts';
import { dataRule, enumeration, length, requires } from '../../src/validate/engine/given-then.ts';

const definitionOf = (definition: unknown) =>
  connectorContextOf('(test)', { definition: Buffer.from(JSON.stringify(definition)) });

const DEFINITION = {
  swagger: '2.0',
  paths: {
    '/a': {
      post: {
        operationId: 'A',
        parameters: [
          { name: 'body', in: 'body', schema: { $ref: '#/definitions/Input' } },
          { name: 'tags', in: 'query', type: 'array', items: { type: 'string', enum: [] } },
        ],
        responses: { '200': { description: 'OK', schema: { $ref: '#/definitions/Output' } } },
      },
    },
  },
  definitions: {
    Input: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string', 'x-ms-visibility': 'internal' }, shared: { $ref: '#/definitions/Shared' } },
    },
    Output: { type: 'object', properties: { list: { type: 'array', items: { $ref: '#/definitions/Shared' } } } },
    Shared: { type: 'object', properties: { deep: { type: 'string', minLength: 5, maxLength: 2 } } },
    Unused: { type: 'string' },
  },
};

describe('the definition index', () => {
  it('indexes every schema once with its role, parent, required-ness and where it is used', () => {
    const index = definitionIndex(definitionOf(DEFINITION));
    const at = (pointer: string) => index.schemaAt(pointer)!;
    expect(at('/definitions/Input/properties/name')).toMatchObject({ role: 'property', name: 'name', required: true });
    expect(at('/definitions/Input/properties/name').parent).toBe(at('/definitions/Input'));
    // Shared is reached from the body (input) and from the response (output), through $refs.
    expect(at('/definitions/Shared/properties/deep')).toMatchObject({ input: true, output: true });
    expect(at('/definitions/Unused')).toMatchObject({ role: 'definition', input: false, output: false });
    expect(at('/paths/~1a/post/parameters/0/schema')).toMatchObject({ role: 'body', refTarget: '/definitions/Input' });
    expect(at('/definitions/Output/properties/list/items')).toMatchObject({
      role: 'items',
      output: true,
      input: false,
    });
    expect(new Set(index.schemas.map((node) => node.pointer)).size).toBe(index.schemas.length);
    expect(index.typed.map((node) => node.kind)).toEqual(expect.arrayContaining(['parameter', 'parameter-items']));
    expect(index.extensionsNamed('x-ms-visibility').map((node) => node.pointer)).toEqual([
      '/definitions/Input/properties/name/x-ms-visibility',
    ]);
  });

  it('stays linear on a long $ref chain and never recurses', () => {
    const definitions: Record<string, unknown> = {};
    for (let index = 0; index < 10_000; index++)
      definitions[`D${index}`] = { type: 'object', properties: { next: { $ref: `#/definitions/D${index + 1}` } } };
    const index = definitionIndex(definitionOf({ swagger: '2.0', paths: {}, definitions }));
    expect(index.schemas).toHaveLength(20_000);
  });
});

describe('rules as data (given/then)', () => {
  const rule = dataRule({
    id: 'T1',
    severity: 'error',
    file: 'apiDefinition.swagger.json',
    description: 'test',
    evidence: 'test',
    given: 'typed',
    then: [
      { field: 'exclusiveMinimum', check: requires('minimum'), message: '{{field}} {{problem}}.', hint: 'Add it.' },
      { field: 'enum', check: length({ min: 1 }), message: 'enum {{problem}}.', hint: 'List values.', msCode: 'X' },
      { field: 'type', check: enumeration(['string', 'object', 'array']), message: 'type {{value}}.', hint: 'Fix.' },
    ],
  });

  it('reports at the field, fills the message and carries the code', async () => {
    const definition = structuredClone(DEFINITION);
    (definition.definitions.Unused as Record<string, unknown>).exclusiveMinimum = true;
    const violations = await rule.check(definitionOf(definition));
    // Schemas come before parameters in the index, so the definition's finding comes first.
    expect(violations).toEqual([
      {
        location: '/definitions/Unused/exclusiveMinimum',
        message: 'exclusiveMinimum is set without "minimum".',
        hint: 'Add it.',
      },
      {
        location: '/paths/~1a/post/parameters/1/items/enum',
        message: 'enum has 0, fewer than 1.',
        hint: 'List values.',
        msCode: 'X',
      },
    ]);
  });
});
