import { describe, expect, it } from 'vitest';
import { validateFiles } from '../../src/validate/index.ts';
import { connectorContextOf } from '../../src/validate/context.ts';
import S11 from '../../src/validate/rules/definition/S11.ts';

// A path-level parameter belongs to every operation of its path, so S11 meets it once per operation.
const definition = {
  swagger: '2.0',
  info: { title: 'Items', version: '1.0', description: 'Items of a shop.' },
  host: 'example.com',
  basePath: '/',
  schemes: ['https'],
  paths: {
    '/items': {
      parameters: [{ name: 'User-Agent', in: 'header', type: 'string', required: false }],
      get: { operationId: 'ListItems', summary: 'List items', responses: { 200: { description: 'OK' } } },
      delete: { operationId: 'DeleteItems', summary: 'Delete items', responses: { 204: { description: 'Done' } } },
    },
  },
};
const files = { definition: Buffer.from(JSON.stringify(definition)) };
const sharedParameter = '/paths/~1items/parameters/0';

describe('a finding reached more than once', () => {
  const messages = ['parameter "User-Agent" has no x-ms-summary.', 'parameter "User-Agent" has no description.'];

  it('is reported by the rule once per operation that reaches it', () => {
    const violations = S11.check(connectorContextOf('(in memory)', files)) as Array<{
      location: string;
      message: string;
    }>;
    const atShared = violations.filter(({ location }) => location === sharedParameter).map(({ message }) => message);
    expect(atShared.sort()).toEqual([...messages, ...messages].sort());
  });

  it('is listed once, and other findings at the same place still are', async () => {
    const findings = await validateFiles(files);
    const atShared = findings.filter(({ ruleId, location }) => ruleId === 'S11' && location === sharedParameter);
    expect(atShared.map(({ message }) => message)).toEqual(messages);
  });
});
