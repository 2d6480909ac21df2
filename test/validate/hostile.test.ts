import { execFileSync } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDeflate } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_FINDINGS_PER_RULE, validateConnectorFolder, type Finding } from '../../src/validate/index.ts';
import { lineAndColumn, lineIndex } from '../../src/shared/json.ts';
import { cachedValidator, mergeErrorsInPlace } from '../../src/shared/schema-cache.ts';
import { ConnectorCopy, MINIMAL_FIXTURE } from './helpers.ts';
import { chunk } from './png.ts';

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
    [
      'A → B → A',
      { A: { $ref: '#/definitions/B' }, B: { $ref: '#/definitions/A' } },
      /^\/definitions\/[AB]$/,
      /#\/definitions\/([AB]) → #\/definitions\/[AB] → #\/definitions\/\1/,
    ],
    ['A → A', { A: { $ref: '#/definitions/A' } }, /^\/definitions\/A$/, /#\/definitions\/A → #\/definitions\/A/],
    [
      'allOf of itself',
      { A: { allOf: [{ $ref: '#/definitions/A' }] } },
      /^\/definitions\/A/,
      /#\/definitions\/A → #\/definitions\/A/,
    ],
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
        Node: {
          type: 'object',
          properties: {
            parent: { $ref: '#/definitions/Node' },
            children: { type: 'array', items: { $ref: '#/definitions/Node' } },
          },
        },
      };
    });
    expect(findings.filter((finding) => finding.ruleId === 'SW3')).toEqual([]);
  });
});

describe('a long $ref chain (SW1)', () => {
  it('is refused with the chain named and the limit, not a stack overflow', async () => {
    const findings = await findingsWith((definition) => {
      for (let index = 0; index < 5000; index++)
        definition.definitions[`D${index}`] = {
          type: 'object',
          properties: { next: { $ref: `#/definitions/D${index + 1}` } },
        };
      definition.definitions.D5000 = { type: 'string' };
      definition.paths['/tasks'].post.responses['200'] = { description: 'OK', schema: { $ref: '#/definitions/D0' } };
    });
    const sw1 = findings.filter((finding) => finding.ruleId === 'SW1');
    expect(sw1).toEqual([
      expect.objectContaining({
        severity: 'error',
        location: '/paths/~1tasks/post/responses/200/schema',
        message: expect.stringMatching(
          /refer to one another 5001 levels deep \(.* → \/definitions\/D0 → .*\(they allow 64\)/,
        ),
      }),
    ]);
    expect(JSON.stringify(findings)).not.toContain('call stack');
  });
});

describe('hostile files', () => {
  let fresh: ConnectorCopy;
  beforeEach(async () => {
    fresh = await ConnectorCopy.of(MINIMAL_FIXTURE);
  });
  afterEach(() => fresh.dispose());
  const ids = (findings: Finding[]) => findings.map((finding) => finding.ruleId);

  it.each(['apiDefinition.swagger.json', 'apiProperties.json'] as const)(
    '%s nested 3,000 levels deep is a JSON1 finding, not a crash',
    async (file) => {
      const text = await fresh.readText(file);
      await fresh.write(file, `${text.trimEnd().slice(0, -1)},"x-deep":${'['.repeat(3000)}${']'.repeat(3000)}}`);
      const findings = await validateConnectorFolder(fresh.dir);
      const deep = findings.find((finding) => finding.ruleId === 'JSON1');
      expect(deep).toMatchObject({
        file,
        severity: 'error',
        message: expect.stringContaining('nested more than 128 levels deep'),
      });
    },
  );

  // Windows has neither FIFOs nor /dev/zero.
  it.skipIf(process.platform === 'win32')(
    'a FIFO named apiProperties.json is refused at once (FILE2), not waited on',
    async () => {
      await fresh.remove('apiProperties.json');
      execFileSync('mkfifo', [fresh.file('apiProperties.json')]);
      const findings = await validateConnectorFolder(fresh.dir);
      expect(findings.find((finding) => finding.ruleId === 'FILE2')?.message).toBe(
        'apiProperties.json is a FIFO (named pipe), not a regular file.',
      );
      expect(ids(findings)).not.toContain('FILE1');
    },
  );

  it.skipIf(process.platform === 'win32').each(['icon.png', 'script.csx'] as const)(
    '%s linked to /dev/zero is refused (FILE2) without reading it',
    async (file) => {
      await fresh.remove(file);
      await symlink('/dev/zero', fresh.file(file));
      const before = process.memoryUsage().rss;
      const findings = await validateConnectorFolder(fresh.dir);
      expect(findings.find((finding) => finding.ruleId === 'FILE2')?.message).toMatch(
        new RegExp(`^${file.replace('.', '\\.')} is a link to /dev/zero, outside the connector folder`),
      );
      expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    },
  );

  it('a link out of the folder is not followed, so nothing of its target is echoed; a link inside the folder is read', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'acs-outside-'));
    try {
      await writeFile(
        path.join(outside, 'apiProperties.json'),
        JSON.stringify({ properties: { iconBrandColor: 'SECRET-OUTSIDE-VALUE' } }),
      );
      await fresh.remove('apiProperties.json');
      await symlink(path.join(outside, 'apiProperties.json'), fresh.file('apiProperties.json'));
      const findings = await validateConnectorFolder(fresh.dir);
      expect(ids(findings)).toContain('FILE2');
      expect(JSON.stringify(findings)).not.toContain('SECRET-OUTSIDE-VALUE');

      await fresh.remove('apiProperties.json');
      await rename(fresh.file('icon.png'), path.join(fresh.dir, 'real-icon.png'));
      await symlink('real-icon.png', fresh.file('icon.png'));
      await copyFile(path.join(MINIMAL_FIXTURE, 'apiProperties.json'), fresh.file('apiProperties.json'));
      expect(ids(await validateConnectorFolder(fresh.dir))).not.toContain('FILE2');
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('a definition with invalid UTF-8 bytes is a FILE3 error naming where', async () => {
    const bytes = await readFile(fresh.file('apiDefinition.swagger.json'));
    const at = bytes.indexOf('"description"') + 16;
    await fresh.write(
      'apiDefinition.swagger.json',
      Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes.subarray(at)]),
    );
    const finding = (await validateConnectorFolder(fresh.dir)).find((candidate) => candidate.ruleId === 'FILE3');
    expect(finding).toMatchObject({
      severity: 'error',
      file: 'apiDefinition.swagger.json',
      message: expect.stringContaining(`byte 0xc3 at offset ${at}`),
    });
  });

  it('a PNG decompression bomb (16,000² pixels in under 1 MB) is judged from its first pixel, in bounded memory', async () => {
    const side = 16_000;
    const header = Buffer.alloc(13);
    header.writeUInt32BE(side, 0);
    header.writeUInt32BE(side, 4);
    header.set([8, 2, 0, 0, 0], 8);
    const rows = await deflateRows(Buffer.alloc(1 + side * 3), side);
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', rows),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await fresh.write('icon.png', bomb);
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    const findings = await validateConnectorFolder(fresh.dir);
    expect(findings.find((finding) => finding.ruleId === 'ICON5')?.message).toContain('background #000000');
    expect(process.resourceUsage().maxRSS * 1024 - peakBefore).toBeLessThan(200 * 1024 * 1024);
  });
});

/** zlib data of `count` copies of `row`, compressed as a stream so the whole image never sits in memory. */
async function deflateRows(row: Buffer, count: number): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const output: Buffer[] = [];
  deflate.on('data', (part: Buffer) => output.push(part));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  for (let index = 0; index < count; index++) {
    if (!deflate.write(row)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return Buffer.concat(output);
}

describe('inputs that once took quadratic time', () => {
  let fresh: ConnectorCopy;
  beforeEach(async () => {
    fresh = await ConnectorCopy.of(MINIMAL_FIXTURE);
  });
  afterEach(() => fresh.dispose());

  it('45,000 bad path items: the first 25 SW1 findings are listed, then a count of the rest', async () => {
    await fresh.editJson('apiDefinition.swagger.json', (definition) => {
      for (let index = 0; index < 45_000; index++) definition.paths[`/p${index}`] = 1;
    });
    const sw1 = (await validateConnectorFolder(fresh.dir)).filter((finding) => finding.ruleId === 'SW1');
    expect(sw1).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    expect(sw1[0]!.location).toBe('/paths/~1p0');
    expect(sw1.at(-1)!.message).toBe(
      `${45_000 - MAX_FINDINGS_PER_RULE} more SW1 findings not listed (only the first 25 of each rule are).`,
    );
  });

  it('60,000 extra keys on one path item are one SW1 finding, at the first of them', async () => {
    await fresh.editJson('apiDefinition.swagger.json', (definition) => {
      const item = definition.paths[Object.keys(definition.paths)[0]!];
      for (let index = 0; index < 60_000; index++) item[`k${index}`] = 1;
    });
    const sw1 = (await validateConnectorFolder(fresh.dir)).filter((finding) => finding.ruleId === 'SW1');
    expect(sw1).toHaveLength(1);
    expect(sw1[0]!.location).toMatch(/^\/paths\/~1tasks/);
    expect(sw1[0]!.message).toContain('"k0"');
  });

  it.each([
    ['40 definitions that each refer to the next twice (once exponential)', 40, 2],
    ['a chain of 15,000 definitions (once a stack overflow)', 15_000, 1],
  ])('body schemas through %s: each definition is walked once', async (_name, count, references) => {
    await fresh.editJson('apiDefinition.swagger.json', (definition) => {
      definition.definitions ??= {};
      for (let index = 0; index < count; index++) {
        const next = { $ref: `#/definitions/d${index + 1}`, 'x-ms-summary': 'Next', description: 'Next.' };
        definition.definitions[`d${index}`] = {
          type: 'object',
          properties: Object.fromEntries(Array.from({ length: references }, (_, n) => [`p${n}`, next])),
        };
      }
      definition.definitions[`d${count}`] = { type: 'object', properties: { last: { type: 'string' } } };
      const operation = Object.values(Object.values(definition.paths)[0] as object)[0] as { parameters?: unknown[] };
      operation.parameters = [
        ...(operation.parameters ?? []),
        { name: 'body', in: 'body', schema: { $ref: '#/definitions/d0' } },
      ];
    });
    const s11 = (await validateConnectorFolder(fresh.dir)).filter(
      (finding) => finding.ruleId === 'S11' && finding.location.startsWith(`/definitions/d${count}/`),
    );
    expect(s11.map((finding) => finding.message)).toEqual([
      'body property "last" has no x-ms-summary.',
      'body property "last" has no description.',
    ]);
  });

  it('Ajv validators merge errors in place instead of copying them at every schema call, with the same errors', () => {
    const schema = {
      definitions: { item: { type: 'object', properties: { n: { type: 'number' } } } },
      type: 'array',
      items: { $ref: '#/definitions/item' },
    };
    const source = `return function validate(data){let vErrors = null;vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);}`;
    expect(mergeErrorsInPlace(source)).not.toContain('concat');
    const rewritten = cachedValidator(schema, 'draft-07', { allErrors: true });
    expect(rewritten([{ n: 'a' }, { n: 1 }, { n: 'b' }])).toBe(false);
    expect(rewritten.errors!.map((error) => error.instancePath)).toEqual(['/0/n', '/2/n']);
  });

  it('finds the line of each of many offsets without rescanning (line index)', () => {
    const text = 'a\nbc\n\ndef';
    const lines = lineIndex(text);
    for (let offset = 0; offset <= text.length; offset++) expect(lines(offset)).toEqual(lineAndColumn(text, offset));
  });
});
