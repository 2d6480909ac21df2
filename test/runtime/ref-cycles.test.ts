import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.ts';
import { ConnectorRuntime } from '../../src/runtime/runtime.ts';
import { checkAgainstSchema } from '../../src/runtime/schema-check.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

const CYCLES = {
  'A → B → A': { A: { $ref: '#/definitions/B' }, B: { $ref: '#/definitions/A' } },
  'A → A': { A: { $ref: '#/definitions/A' } },
  'allOf of itself': { A: { allOf: [{ $ref: '#/definitions/A' }] } },
};

describe('the runtime on a definition with a $ref cycle', () => {
  it.each(Object.entries(CYCLES))('%s: the schema check reports it instead of crashing', (_name, definitions) => {
    const swagger = { swagger: '2.0', info: { title: 't', version: '1' }, paths: {}, definitions } as any;
    const problems = checkAgainstSchema(swagger, { $ref: '#/definitions/A' }, { any: 'value' }, 'response');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^response could not be checked against its schema: the definition has a \$ref cycle that defines nothing \(#\/definitions\/A/,
    );
  });

  describe('end to end', () => {
    let emulator: RunningEmulator;
    let folder: string;
    let runtime: ConnectorRuntime;
    beforeAll(async () => {
      emulator = await startEmulator({ port: 0, accessKey: randomBytes(32).toString('base64') });
      folder = await mkdtemp(join(tmpdir(), 'acs-ref-cycle-'));
      for (const file of ['apiDefinition.swagger.json', 'apiProperties.json', 'script.csx'])
        await copyFile(join(REPOSITORY_ROOT, file), join(folder, file));
      const swagger = JSON.parse(await readFile(join(folder, 'apiDefinition.swagger.json'), 'utf8'));
      Object.assign(swagger.definitions, CYCLES['A → B → A']);
      swagger.paths['/identities'].post.responses['201'].schema = { $ref: '#/definitions/A' };
      await writeFile(join(folder, 'apiDefinition.swagger.json'), JSON.stringify(swagger));
      runtime = await ConnectorRuntime.load({ dir: folder });
    });
    afterAll(async () => {
      await runtime?.close();
      await emulator?.close();
      await rm(folder, { recursive: true, force: true });
    });

    it('passes the answer on with a warning', async () => {
      const result = await runtime.invoke('CreateCommunicationIdentity', {
        connectionString: emulator.connectionString,
      });
      expect(result.status).toBe(201);
      expect(result.warnings).toEqual([
        expect.stringMatching(
          /\$ref cycle that defines nothing \(#\/definitions\/A → #\/definitions\/B → #\/definitions\/A\)/,
        ),
      ]);
    });
  });
});
