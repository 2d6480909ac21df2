/**
 * A checkout made as Git for Windows makes it (core.autocrlf=true), done here with git itself: a
 * scratch repository holds the connector folder as it is in this working tree, and is cloned with
 * and without this repository's .gitattributes.
 */
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONNECTOR_FILES, README_FILE } from '../../src/connector-folder/files.ts';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { NO_CREDENTIALS } from '../support/environment.ts';

const FOLDER_FILES = [...Object.values(CONNECTOR_FILES), README_FILE];
const TEXT_FILES = FOLDER_FILES.filter((name) => name !== CONNECTOR_FILES.icon);

let scratch: string;
const git = (args: string[], cwd: string) =>
  execa('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd });
const cli = (args: string[]) =>
  execa(process.execPath, [CLI_ENTRY, ...args], { reject: false, cwd: scratch, env: NO_CREDENTIALS });

/** A clone as Git for Windows makes it, of the scratch repository's commit `ref`. */
async function windowsClone(ref: string, name: string): Promise<string> {
  const target = join(scratch, name);
  await git(['clone', '-q', '-c', 'core.autocrlf=true', '--no-checkout', join(scratch, 'source'), target], scratch);
  await git(['checkout', '-q', ref], target);
  return target;
}

let withAttributes: string;
let withoutAttributes: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'acs-windows-checkout-'));
  const source = join(scratch, 'source');
  await git(['init', '-q', source], scratch);
  await git(['config', 'core.autocrlf', 'false'], source);
  for (const name of FOLDER_FILES) await cp(join(REPOSITORY_ROOT, name), join(source, name));
  await git(['add', '-A'], source);
  await git(['commit', '-q', '-m', 'without .gitattributes'], source);
  await cp(join(REPOSITORY_ROOT, '.gitattributes'), join(source, '.gitattributes'));
  await git(['add', '-A'], source);
  await git(['commit', '-q', '-m', 'with .gitattributes'], source);
  [withoutAttributes, withAttributes] = await Promise.all([
    windowsClone('HEAD~1', 'without-attributes'),
    windowsClone('HEAD', 'with-attributes'),
  ]);
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('a checkout made with core.autocrlf=true', () => {
  it("with this repository's .gitattributes, has the connector folder byte for byte as on Linux", async () => {
    for (const name of FOLDER_FILES) {
      const checkedOut = await readFile(join(withAttributes, name));
      expect(checkedOut.equals(await readFile(join(REPOSITORY_ROOT, name))), name).toBe(true);
    }
    expect(await readdir(withAttributes)).toContain('.gitattributes');
  });

  it('without it, gets CRLF text files and an untouched icon, and still builds, validates and runs', async () => {
    // The conversion really happened: every text file has CRLF line ends, the icon is unchanged.
    for (const name of TEXT_FILES) {
      const text = await readFile(join(withoutAttributes, name), 'utf8');
      expect(text.includes('\r\n') && !/[^\r]\n/.test(text), name).toBe(true);
    }
    const icon = await readFile(join(withoutAttributes, CONNECTOR_FILES.icon));
    expect(icon.equals(await readFile(join(REPOSITORY_ROOT, CONNECTOR_FILES.icon)))).toBe(true);

    const check = await cli(['build', '--check', '--dir', withoutAttributes]);
    expect(check.stderr).toBe('');
    expect(check.exitCode).toBe(0);
    // `build` (and so `npm start`) rewrites nothing: the checkout stays as git made it.
    const build = await cli(['build', '--dir', withoutAttributes]);
    expect(build.stdout).toContain('already up to date');
    expect(await readFile(join(withoutAttributes, CONNECTOR_FILES.definition), 'utf8')).toContain('\r\n');

    // Each compiles the CRLF script anew (check mode, then for execution): seconds of Roslyn apiece.
    const [validate, invoke] = await Promise.all([
      cli(['validate', '--strict', withoutAttributes]),
      cli(['invoke', 'CreateCommunicationIdentity', '--dir', withoutAttributes, '--body', '{}']),
    ]);
    expect(validate.stdout + validate.stderr).not.toMatch(/error|warning/i);
    expect(validate.exitCode).toBe(0);

    expect(invoke.stderr).not.toMatch(/error/i);
    expect(invoke.exitCode).toBe(0);
    expect(JSON.parse(invoke.stdout)).toMatchObject({ status: 201 });
  }, 240_000);
});
