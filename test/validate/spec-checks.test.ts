import { readFileSync } from 'node:fs';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { type OpenAPI } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import { connectorContextOf } from '../../src/validate/context.ts';
import { specProblem } from '../../src/validate/rules/swagger/spec-checks.ts';
import { acceptedDepartures } from '../../src/validate/rules/swagger/spec-phase.ts';
import { MINIMAL_FIXTURE } from './helpers.ts';

// SW1's spec checks read the definition in place; swagger-parser, whose checks they are, expands
// a copy first. Both must agree on every row: whether the definition breaks a rule, and where.
type Definition = Record<string, any>;
const CREATE = '/paths/~1tasks/post';
const GET = '/paths/~1tasks~1{taskId}/get';

const rows: Array<[string, (d: Definition) => void, string | undefined]> = [
  ['the fixture as it is', () => {}, undefined],
  ['an operationId used twice', (d) => void (d.paths['/tasks/{taskId}'].get.operationId = 'CreateTask'), '/paths'],
  [
    'one query parameter twice (differing descriptions)',
    (d) =>
      d.paths['/tasks'].post.parameters.push(
        { name: 'q', in: 'query', type: 'string', description: 'a' },
        { name: 'q', in: 'query', type: 'string', description: 'b' },
      ),
    '/paths',
  ],
  [
    'a second body',
    (d) => d.paths['/tasks'].post.parameters.push({ name: 'other', in: 'body', schema: { type: 'string' } }),
    CREATE,
  ],
  [
    'a body and form data',
    (d) => d.paths['/tasks'].post.parameters.push({ name: 'f', in: 'formData', type: 'string' }),
    CREATE,
  ],
  [
    'a path parameter through a $ref that the path does not name',
    (d) => {
      d.parameters.Extra = { name: 'extra', in: 'path', required: true, type: 'string' };
      d.paths['/tasks/{taskId}'].get.parameters.push({ $ref: '#/parameters/Extra' });
    },
    GET,
  ],
  [
    'a path variable without a parameter',
    (d) => {
      d.paths['/tasks/{taskId}/{x}'] = structuredClone(d.paths['/tasks/{taskId}']);
      d.paths['/tasks/{taskId}/{x}'].get.operationId = 'GetPart';
    },
    '/paths/~1tasks~1{taskId}~1{x}/get',
  ],
  ['a response code out of range', (d) => (d.paths['/tasks'].post.responses['600'] = { description: 'No.' }), CREATE],
  [
    'a response code that is not a number ("2XX")',
    (d) => (d.paths['/tasks'].post.responses['2XX'] = { description: 'Ok.' }),
    undefined,
  ],
  [
    'an array response schema without items, through a $ref',
    (d) => {
      d.responses = { List: { description: 'A list.', schema: { type: 'array' } } };
      d.paths['/tasks'].post.responses['200'] = { $ref: '#/responses/List' };
    },
    CREATE,
  ],
  [
    'a body requiring a property that only the members beside its $ref could define',
    (d) =>
      (d.paths['/tasks'].post.parameters[1].schema = {
        $ref: '#/definitions/Task',
        properties: { other: { type: 'string' } },
        required: ['title'],
      }),
    CREATE,
  ],
  [
    'a definition requiring a property of its allOf part',
    (d) => (d.definitions.Named = { type: 'object', allOf: [{ $ref: '#/definitions/Task' }], required: ['title'] }),
    undefined,
  ],
  [
    'a body schema whose type is a list',
    (d) => (d.paths['/tasks'].post.parameters[1].schema.type = ['object', 'null']),
    CREATE,
  ],
];

const fixture = readFileSync(path.join(MINIMAL_FIXTURE, 'apiDefinition.swagger.json'), 'utf8');

/** Where swagger-parser's message says the problem is: the operation it names, else /paths. */
function parserLocation(message: string, definition: Definition): string {
  for (const [route, item] of Object.entries(definition.paths as Record<string, object>))
    for (const method of Object.keys(item))
      if (message.includes(`/paths${route}/${method}`))
        return `/paths/${route.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}`;
  return '/paths';
}

describe("SW1's spec checks agree with swagger-parser's", () => {
  it.each(rows)('%s', async (_name, edit, expected) => {
    const definition = JSON.parse(fixture) as Definition;
    edit(definition);
    const context = connectorContextOf('(in memory)', { definition: Buffer.from(JSON.stringify(definition)) });
    const ours = specProblem(context, acceptedDepartures(context).repairs);
    const parser = await SwaggerParser.validate(structuredClone(definition) as OpenAPI.Document, {
      resolve: { external: false },
      validate: { schema: false, spec: true },
    }).then(
      () => undefined,
      (error: Error) => parserLocation(error.message, definition),
    );
    expect(ours?.location).toBe(parser);
    expect(ours?.location).toBe(expected);
  });
});
