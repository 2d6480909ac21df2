import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkPackage,
  generateConnectorFiles,
  generatePackageFiles,
  writePackage,
} from '../../src/package/generate.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

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
    const tampered = (await readFile(swaggerPath, 'utf8')).replace(
      '"summary": "Create a user"',
      '"summary": "Make a user"',
    );
    await writeFile(swaggerPath, tampered);
    const before = await stat(swaggerPath);

    const result = await runCli(['build', '--check', '--dir', dir]);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`stale: ${swaggerPath} differs from what src/connector generates`);
    expect(result.stderr).not.toContain('apiProperties.json');
    expect(result.stderr).toContain(`hint: run \`npx acs-connector build --dir ${dir}\``);
    expect(await readFile(swaggerPath, 'utf8')).toBe(tampered);
    expect((await stat(swaggerPath)).mtimeMs).toBe(before.mtimeMs);
  });

  it('--check names a missing icon and does not create it', async () => {
    await rm(join(dir, 'icon.png'));
    const result = await runCli(['build', '--check', '--dir', dir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`stale: ${join(dir, 'icon.png')} is missing`);
    await expect(stat(join(dir, 'icon.png'))).rejects.toThrow();
  });

  it('writePackage rewrites only the stale file, after which checkPackage finds nothing', async () => {
    await writeFile(join(dir, 'apiProperties.json'), '{}\n');
    expect(await checkPackage(dir)).toEqual(['apiProperties.json']);
    expect(await writePackage(dir)).toEqual(['apiProperties.json']);
    for (const name of GENERATED) {
      expect((await readFile(join(dir, name))).equals(await readFile(join(REPOSITORY_ROOT, name))), name).toBe(true);
    }
    expect(await writePackage(dir)).toEqual([]);
    expect(await checkPackage(dir)).toEqual([]);
  });

  it('build (CLI) writes a missing file and says so', async () => {
    await rm(join(dir, 'apiDefinition.swagger.json'));
    const build = await runCli(['build', '--dir', dir]);
    expect(build.exitCode).toBe(0);
    expect(build.stdout).toBe('wrote apiDefinition.swagger.json');
    expect(await checkPackage(dir)).toEqual([]);
  });

  it('reports a --dir that is not a folder as a usage error, without a stack trace', async () => {
    const result = await runCli(['build', '--dir', join(dir, 'no', 'such', 'folder')]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: The folder .*no[/\\]such[/\\]folder does not exist/m);
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a generated file it cannot read as a user error naming the file', async () => {
    await rm(join(dir, 'apiProperties.json'));
    await mkdir(join(dir, 'apiProperties.json'));
    const result = await runCli(['build', '--check', '--dir', dir]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: Cannot read .*apiProperties\.json/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
