import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConnectorFolder } from '../../src/validate/index.ts';
import { ConnectorCopy, MINIMAL_FIXTURE } from './helpers.ts';

let copy: ConnectorCopy;
beforeAll(async () => {
  copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
});
afterAll(() => copy.dispose());

async function findingsWith(edit: (definition: any) => void) {
  const pristine = await copy.readText('apiDefinition.swagger.json');
  try {
    await copy.editJson('apiDefinition.swagger.json', edit);
    return await validateConnectorFolder(copy.dir, {});
  } finally {
    await copy.write('apiDefinition.swagger.json', pristine);
  }
}

describe('$ref cycles (SW3)', () => {
  it.each([
    ['A → B → A', { A: { $ref: '#/definitions/B' }, B: { $ref: '#/definitions/A' } }, /^\/definitions\/[AB]$/, /#\/definitions\/([AB]) → #\/definitions\/[AB] → #\/definitions\/\1/],
    ['A → A', { A: { $ref: '#/definitions/A' } }, /^\/definitions\/A$/, /#\/definitions\/A → #\/definitions\/A/],
    ['allOf of itself', { A: { allOf: [{ $ref: '#/definitions/A' }] } }, /^\/definitions\/A/, /#\/definitions\/A → #\/definitions\/A/],
  ])('reports %s once, as an error at the schema', async (_name, definitions, location, chain) => {
    const findings = await findingsWith((definition) => {
      definition.definitions = { ...definition.definitions, ...definitions };
    });
    const cycles = findings.filter((finding) => finding.ruleId === 'SW3');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({ severity: 'error', location: expect.stringMatching(location) });
    expect(cycles[0]!.message).toMatch(chain);
  });

  it('accepts recursion through properties and items (a tree)', async () => {
    const findings = await findingsWith((definition) => {
      definition.definitions = {
        ...definition.definitions,
        Node: { type: 'object', properties: { parent: { $ref: '#/definitions/Node' }, children: { type: 'array', items: { $ref: '#/definitions/Node' } } } },
      };
    });
    expect(findings.filter((finding) => finding.ruleId === 'SW3')).toEqual([]);
  });
});
