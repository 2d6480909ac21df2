import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateConnectorFiles, generatePackageFiles, REPOSITORY_ROOT } from '../../src/package/generate.ts';

const CLI = resolve(REPOSITORY_ROOT, 'bin/acs-connector.js');
const GENERATED = ['apiDefinition.swagger.json', 'apiProperties.json', 'icon.png'];

function runCli(args: string[]) {
  return execa(process.execPath, [CLI, ...args], { reject: false, cwd: tmpdir() });
}

describe('generation', () => {
  it('gives identical bytes on every run', () => {
    const first = generatePackageFiles();
    const second = generatePackageFiles();
    expect(Object.keys(first).sort()).toEqual([...GENERATED].sort());
    for (const name of GENERATED) expect(second[name]!.equals(first[name]!), name).toBe(true);
  });

  it('writes JSON with 2-space indent and a final newline', () => {
    for (const [name, text] of Object.entries(generateConnectorFiles())) {
      expect(text.endsWith('}\n'), name).toBe(true);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }
  });
});

describe('acs-connector build --check', () => {
  it('passes on the committed files of the repository (run from another folder)', async () => {
    const result = await runCli(['build', '--check']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('up to date');
  });
});

describe('build on a copy of the package', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acs-build-'));
    for (const name of GENERATED) await cp(join(REPOSITORY_ROOT, name), join(dir, name));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('--check names a tampered file, tells how to fix it, and writes nothing', async () => {
    const swaggerPath = join(dir, 'apiDefinition.swagger.json');
    const tampered = (await readFile(swaggerPath, 'utf8')).replace('"summary": "Create a user"', '"summary": "Make a user"');
    await writeFile(swaggerPath, tampered);
    const before = await stat(swaggerPath);

    const result = await runCli(['build', '--check', '--dir', dir]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('apiDefinition.swagger.json');
    expect(result.stderr).not.toContain('apiProperties.json');
    expect(result.stderr).toContain('npm run build');
    expect(await readFile(swaggerPath, 'utf8')).toBe(tampered);
    expect((await stat(swaggerPath)).mtimeMs).toBe(before.mtimeMs);
  });

  it('--check names a missing icon and does not create it', async () => {
    await rm(join(dir, 'icon.png'));
    const result = await runCli(['build', '--check', '--dir', dir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('icon.png');
    await expect(stat(join(dir, 'icon.png'))).rejects.toThrow();
  });

  it('build rewrites only the stale file, after which --check passes', async () => {
    await writeFile(join(dir, 'apiProperties.json'), '{}\n');
    const build = await runCli(['build', '--dir', dir]);
    expect(build.exitCode).toBe(0);
    expect(build.stdout).toBe('wrote apiProperties.json');
    for (const name of GENERATED) {
      expect((await readFile(join(dir, name))).equals(await readFile(join(REPOSITORY_ROOT, name))), name).toBe(true);
    }
    const again = await runCli(['build', '--dir', dir]);
    expect(again.stdout).toContain('already up to date');
    expect((await runCli(['build', '--check', '--dir', dir])).exitCode).toBe(0);
  });

  it('reports a folder it cannot write to as a user error, without a stack trace', async () => {
    const result = await runCli(['build', '--dir', join(dir, 'no', 'such', 'folder')]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: Cannot write the connector files to .*no[/\\]such[/\\]folder/m);
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
