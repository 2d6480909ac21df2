import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConnectorFolder } from '../../src/validate/index.ts';
import { ConnectorCopy, MINIMAL_FIXTURE } from './helpers.ts';

// Whatever the files hold, the validator answers with findings; it never throws.
describe('validator on arbitrary content', () => {
  let copy: ConnectorCopy;
  beforeAll(async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
  });
  afterAll(async () => {
    await copy.dispose();
  });

  const original = async () => ({
    definition: await copy.readJson('apiDefinition.swagger.json'),
    properties: await copy.readJson('apiProperties.json'),
  });

  /** Replaces the value at a random path of `document` with `value`. */
  function graft(document: unknown, choices: number[], value: unknown): unknown {
    if (choices.length === 0 || document === null || typeof document !== 'object') return value;
    const keys = Object.keys(document);
    if (keys.length === 0) return value;
    const key = keys[choices[0]! % keys.length]!;
    const clone: Record<string, unknown> = Array.isArray(document)
      ? ([...document] as unknown as Record<string, unknown>)
      : { ...document };
    clone[key] = graft((document as Record<string, unknown>)[key], choices.slice(1), value);
    return clone;
  }

  it('survives any JSON value grafted anywhere into the definition and apiProperties', async () => {
    const base = await original();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.jsonValue({ maxDepth: 3 }),
        fc.boolean(),
        async (path, value, intoDefinition) => {
          const definition = intoDefinition ? graft(base.definition, path, value) : base.definition;
          const properties = intoDefinition ? base.properties : graft(base.properties, path, value);
          await copy.write('apiDefinition.swagger.json', JSON.stringify(definition));
          await copy.write('apiProperties.json', JSON.stringify(properties));
          // Every finding stays usable by an admin: a rule, a place, a message and a fix.
          for (const finding of await validateConnectorFolder(copy.dir)) {
            expect(finding.ruleId).toMatch(/^[A-Z]+\d+$/);
            expect(['error', 'warning']).toContain(finding.severity);
            for (const field of [finding.file, finding.location, finding.message, finding.hint])
              expect(field.trim()).not.toBe('');
            expect(`${finding.message} ${finding.hint}`).not.toMatch(/undefined|\[object Object\]|NaN/);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('survives arbitrary bytes in every file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300 }), async (bytes, text) => {
        await copy.write(
          'icon.png',
          Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(bytes)]),
        );
        await copy.write('script.csx', text);
        await copy.write('apiDefinition.swagger.json', text);
        await copy.write('apiProperties.json', Buffer.from(bytes));
        const findings = await validateConnectorFolder(copy.dir);
        expect(findings.some((finding) => finding.severity === 'error')).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
