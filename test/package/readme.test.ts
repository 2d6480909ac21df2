import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectorModel } from '../../src/connector/model.ts';
import { checkPackage, writePackage } from '../../src/package/generate.ts';
import { OPERATIONS_BEGIN, OPERATIONS_END, renderOperationsSection } from '../../src/package/readme.ts';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../src/shared/paths.ts';

// The README's "Supported Operations" is generated from the model between two markers; the rest
// of the README is hand-written and must come through every build byte for byte.
const FILES = ['apiDefinition.swagger.json', 'apiProperties.json', 'icon.png', 'README.md'];
const build = (...args: string[]) =>
  execa(process.execPath, [CLI_ENTRY, 'build', ...args], { reject: false, cwd: tmpdir() });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'acs-readme-test-'));
  for (const file of FILES) await cp(join(REPOSITORY_ROOT, file), join(dir, file));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const readme = () => readFile(join(dir, 'README.md'), 'utf8');

describe('README "Supported Operations" generated from the model', () => {
  it('has one ### per action with its summary and description, its visible inputs, outputs and errors', () => {
    const section = renderOperationsSection(connectorModel);
    const headings = [...section.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
    expect(headings).toEqual(connectorModel.operations.map((operation) => operation.summary));
    for (const operation of connectorModel.operations) {
      const part = section.slice(section.indexOf(`### ${operation.summary}\n`)).split(/\n(?=### )/)[0]!;
      expect(part).toContain(`\n${operation.description}\n`);
      for (const key of operation.parameters) {
        const parameter = connectorModel.parameters[key]!;
        // api-version is internal: makers never see it, so neither does the README.
        if (parameter.visibility === 'internal') expect(part).not.toContain(`| ${parameter.title} |`);
        else
          expect(part).toContain(
            `| ${parameter.title} | ${parameter.required ? 'yes' : 'no'} | ${parameter.description}`,
          );
      }
      for (const field of Object.values(operation.body?.schema.properties ?? {}))
        expect(part).toContain(`| ${field.title} |`);
      for (const [code, response] of Object.entries(operation.responses)) {
        if (/^[45]/.test(code)) expect(part).toContain(`* **${code}**: ${response.description}`);
      }
    }
    // The scopes are listed by the names makers pick in the designer.
    expect(section).toContain(
      'One or more of: Chat; Calling (VoIP); Chat: Join Only; Chat: Join Only, Limited; Calling: Join Only.',
    );
    expect(section).toContain('| › Token Expiry Time | The date and time (UTC) when the access token stops working. |');
  });

  it('the committed README carries the generated section', async () => {
    const committed = await readFile(join(REPOSITORY_ROOT, 'README.md'), 'utf8');
    expect(committed).toContain(`${OPERATIONS_BEGIN}\n${renderOperationsSection(connectorModel)}${OPERATIONS_END}`);
  });

  it('rewrites only the part between the markers and keeps the hand-written rest byte for byte', async () => {
    const original = await readme();
    const begin = original.indexOf(OPERATIONS_BEGIN) + OPERATIONS_BEGIN.length;
    const end = original.indexOf(OPERATIONS_END);
    const before = `${original.slice(0, begin)}`.replace(
      '## Prerequisites',
      '## Prerequisites\nA hand-written line | with a pipe.',
    );
    const after = `${original.slice(end)}\nA closing hand-written note.\n`;
    await writeFile(join(dir, 'README.md'), `${before}\n### Hand-edited\nThis text is not the model's.\n${after}`);

    expect(await checkPackage(dir)).toEqual(['README.md']);
    const check = await build('--check', '--dir', dir);
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toContain(`stale: ${join(dir, 'README.md')} differs from what src/connector generates`);

    expect(await writePackage(dir)).toEqual(['README.md']);
    expect(await readme()).toBe(`${before}\n${renderOperationsSection(connectorModel)}${after}`);
    expect(await checkPackage(dir)).toEqual([]);
  });

  it('refuses a README without its markers and leaves it untouched', async () => {
    const text = (await readme()).replace(OPERATIONS_END, '');
    await writeFile(join(dir, 'README.md'), text);
    const before = await stat(join(dir, 'README.md'));
    const result = await build('--dir', dir);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('README.md needs exactly one pair of markers');
    expect(result.stderr).toContain('hint: Put the two marker lines below "## Supported Operations"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await readme()).toBe(text);
    expect((await stat(join(dir, 'README.md'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('does not create a README in a folder that has none', async () => {
    await rm(join(dir, 'README.md'));
    expect(await writePackage(dir)).toEqual([]);
    await expect(stat(join(dir, 'README.md'))).rejects.toThrow();
  });
});
