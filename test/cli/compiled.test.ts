import { cp, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

// A copy of the CLI's sources, so editing them cannot disturb the other tests.
let copy: string;
const cli = (...args: string[]) =>
  execa(process.execPath, [join(copy, 'bin', 'acs-connector.js'), ...args], { reject: false, cwd: copy });
const builds = async () => (await readdir(join(copy, '.build'))).filter((name) => name.startsWith('cli-'));

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'acs-cli-compiled-'));
  for (const name of ['bin', 'scripts', 'package.json', 'package-lock.json'])
    await cp(join(REPOSITORY_ROOT, name), join(copy, name), { recursive: true });
  await cp(join(REPOSITORY_ROOT, 'src'), join(copy, 'src'), {
    recursive: true,
    filter: (source) => !/[\\/](bin|obj)$/.test(source),
  });
  await symlink(join(REPOSITORY_ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
});

afterAll(async () => {
  await rm(copy, { recursive: true, force: true });
});

describe('compiled CLI', () => {
  it('builds on first use, then reuses the build while the sources are unchanged', async () => {
    const first = await cli('--help');
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toContain('Usage: acs-connector');
    const [build] = await builds();
    expect(await readFile(join(copy, '.build', build!, 'main.js'), 'utf8')).not.toContain('import type');
    const version = await cli('--version');
    const { version: expected } = JSON.parse(await readFile(join(copy, 'package.json'), 'utf8')) as { version: string };
    expect([version.exitCode, version.stdout]).toEqual([0, expected]);
    expect(await builds()).toEqual([build]);
  });

  it('rebuilds when a source changes, so an edit is never run stale', async () => {
    const main = join(copy, 'src', 'cli', 'main.ts');
    const source = await readFile(main, 'utf8');
    await writeFile(
      main,
      source.replace('Build, validate, run and deploy', 'Freshly rebuilt: build, validate, run and deploy'),
    );
    const result = await cli('--help');
    expect(result.stdout).toContain('Freshly rebuilt: build, validate, run and deploy');
    await writeFile(main, source);
    expect((await cli('--help')).stdout).not.toContain('Freshly rebuilt');
  });

  it('refuses to run sources that do not compile, naming the file, without a stack trace', async () => {
    const options = join(copy, 'src', 'shared', 'options.ts');
    const source = await readFile(options, 'utf8');
    await writeFile(options, `${source}\nexport const broken = ;\n`);
    const result = await cli('--help');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(
      /^error: the CLI could not be compiled from src\/:\n.*src\/shared\/options\.ts:\d+:\d+: /,
    );
    expect(result.stderr).toMatch(/^hint: fix the source/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
    await writeFile(options, source);
    expect((await cli('--help')).exitCode).toBe(0);
  });

  it("keeps every command's implementation out of `--help`: only the entry and shared chunks load", async () => {
    const compiledModules = async (...args: string[]) => {
      const log = join(copy, `imports-${args[0]}.log`);
      await execa(
        process.execPath,
        [
          '--import',
          join(REPOSITORY_ROOT, 'test', 'cli', 'fixtures', 'record-imports.mjs'),
          join(copy, 'bin', 'acs-connector.js'),
          ...args,
        ],
        {
          reject: false,
          env: { IMPORT_LOG: log },
        },
      );
      const urls = (await readFile(log, 'utf8')).split('\n');
      expect(
        urls.some((url) => url.includes('/node_modules/')),
        'dependencies are bundled',
      ).toBe(false);
      return urls.filter((url) => url.includes('/.build/cli-'));
    };
    // Chunks named after a module (run-…, build-…, invoke-…) hold a command's implementation.
    const implementation = (urls: string[]) =>
      urls.filter((url) => !/\/main\.js$|\/chunks\/chunk-[A-Z0-9]+\.js$/.test(url));
    const help = await compiledModules('--help');
    expect(help.some((url) => url.endsWith('/main.js'))).toBe(true);
    expect(implementation(help)).toEqual([]);
    // The same check sees a command's implementation when that command runs.
    expect(
      implementation(await compiledModules('build', '--check')).some((url) =>
        /\/chunks\/build-[A-Z0-9]+\.js$/.test(url),
      ),
    ).toBe(true);
  });

  it('finds the connector files from the compiled bundle: the folder above .build/ with a package.json', async () => {
    // The copy has no connector files at its root: the CLI reports them missing there, by name.
    const result = await cli('build', '--check');
    expect(result.stderr + result.stdout).toContain('apiDefinition.swagger.json');
    const fromRepository = await execa(
      process.execPath,
      [join(REPOSITORY_ROOT, 'bin', 'acs-connector.js'), 'build', '--check'],
      { reject: false, cwd: tmpdir() },
    );
    expect(fromRepository.exitCode).toBe(0);
  });
});
