import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { diffAgainst } from '../../src/diff/run.ts';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { PACKAGE_FILES, copyOfPackage } from './helpers.ts';

// The real `acs-connector diff` process: exit statuses, text and JSON output, git refs.
const diff = (args: string[], cwd = REPOSITORY_ROOT) =>
  execa(process.execPath, [CLI_ENTRY, 'diff', ...args], { reject: false, cwd });
const git = (cwd: string, ...args: string[]) =>
  execa('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
  });

let cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups) await cleanup();
  cleanups = [];
});

async function repositoryWithPackage(subfolder: string): Promise<{ root: string; dir: string }> {
  const copy = await copyOfPackage();
  cleanups.push(copy.cleanup);
  const root = join(copy.dir, '..', 'repo');
  const dir = join(root, subfolder);
  await mkdir(dir, { recursive: true });
  for (const file of PACKAGE_FILES) await cp(join(copy.dir, file), join(dir, file));
  await git(root, 'init', '--quiet', '--initial-branch=main');
  await git(root, 'add', '.');
  await git(root, 'commit', '--quiet', '-m', 'published');
  return { root, dir };
}

async function editJson(file: string, edit: (value: any) => void): Promise<void> {
  const value = JSON.parse(await readFile(file, 'utf8'));
  edit(value);
  await writeFile(file, JSON.stringify(value, null, 2));
}

describe('acs-connector diff', () => {
  it('reads the base from a git ref without touching the work tree, and exits 1 on a breaking change', async () => {
    const { root, dir } = await repositoryWithPackage('connector');
    const swagger = join(dir, 'apiDefinition.swagger.json');
    await editJson(swagger, (d) => delete d.paths['/identities/{identityId}'].delete);
    const edited = await readFile(swagger, 'utf8');

    const result = await diff(['--base', 'main', '--dir', dir]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^breaking operation-removed DeleteCommunicationIdentity — The action DeleteCommunicationIdentity \("Delete a user"\) was removed;/m,
    );
    expect(result.stdout).toContain('    apiDefinition.swagger.json: base /paths/~1identities~1{identityId}/delete');
    expect(result.stdout).toContain(
      `    Microsoft's change validator: "The operation has been deleted. This change breaks existing flows."`,
    );
    expect(result.stdout).toMatch(/^1 breaking change, 0 safe changes from main:connector to /m);
    // The work tree is as we left it: nothing checked out, nothing restored.
    expect(await readFile(swagger, 'utf8')).toBe(edited);
    expect((await git(root, 'status', '--porcelain')).stdout).toBe(' M connector/apiDefinition.swagger.json');
  });

  it('prints one JSON object with --json and exits 0 when only safe changes were made', async () => {
    const { dir } = await repositoryWithPackage('.');
    await editJson(
      join(dir, 'apiDefinition.swagger.json'),
      (d) => (d.paths['/identities'].post.summary = 'Create a new user'),
    );
    const named = await diff(['--base', 'HEAD', '--dir', dir, '--json']);
    expect(named.exitCode).toBe(0);
    const report = JSON.parse(named.stdout);
    expect(report).toEqual({
      base: 'HEAD',
      head: dir,
      breaking: 0,
      safe: 1,
      changes: [
        {
          kind: 'text-changed',
          level: 'safe',
          severity: 'info',
          operationId: 'CreateCommunicationIdentity',
          file: 'apiDefinition.swagger.json',
          base: '/paths/~1identities/post',
          head: '/paths/~1identities/post',
          message:
            'The summary of the action CreateCommunicationIdentity changed from "Create a user" to "Create a new user".',
        },
      ],
    });
  });

  it('compares two folders', async () => {
    const before = await copyOfPackage();
    const after = await copyOfPackage();
    cleanups.push(before.cleanup, after.cleanup);
    await editJson(
      join(after.dir, 'apiProperties.json'),
      (p) => (p.properties.connectionParameterSets.values[0].parameters.connectionString.type = 'string'),
    );
    const result = await diff(['--base', before.dir, '--dir', after.dir]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(
      /^breaking connection-changed — The connection parameter "connectionString" of the sign-in kind "connectionString" changed type from securestring to string;/m,
    );
    const at = '/properties/connectionParameterSets/values/0/parameters/connectionString';
    expect(result.stdout).toContain(`apiProperties.json: base ${at}, head ${at}`);
    const same = await diff(['--base', before.dir, '--dir', before.dir]);
    expect(same.exitCode).toBe(0);
    expect(same.stdout).toBe(`No changes between ${before.dir} and ${before.dir}.`);
  });

  it.each([
    [
      'an unknown ref',
      ['--base', 'no-such-branch'],
      /--base no-such-branch is neither a folder nor a git ref: git knows no commit by that name\./,
    ],
    ['an option-like ref', ['--base', '--output=x'], /is neither a folder nor a git ref/],
    [
      'a folder that is no connector',
      ['--base', 'src'],
      /src is not a connector folder: it has no apiDefinition\.swagger\.json\./,
    ],
    [
      'a --dir that is no folder',
      ['--base', 'HEAD', '--dir', 'package.json'],
      /package\.json is a file, not a folder\./,
    ],
    ['a missing --base', [], /required option '--base <ref-or-folder>' not specified/],
  ])('exits 2 with a clear error for %s', async (_name, args, message) => {
    const result = await diff(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  // Windows has no FIFOs.
  it.skipIf(process.platform === 'win32')(
    'refuses a connector file that is not a regular file (a FIFO) instead of waiting on it',
    async () => {
      const copy = await copyOfPackage();
      cleanups.push(copy.cleanup);
      const swagger = join(copy.dir, 'apiDefinition.swagger.json');
      await rm(swagger);
      await execa('mkfifo', [swagger]);
      const result = await diff(['--base', copy.dir, '--dir', REPOSITORY_ROOT]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(`error: ${swagger} is a FIFO (named pipe), not a regular file.`);
    },
  );

  it('runs on the real history of this repository: each commit that changed the package compares clean or explains itself', async () => {
    const log = await execa('git', ['log', '--format=%H', '--', ...PACKAGE_FILES], {
      cwd: REPOSITORY_ROOT,
      reject: false,
    });
    const commits = log.exitCode === 0 ? log.stdout.split('\n').filter(Boolean) : [];
    if (commits.length === 0) return; // not a git checkout (e.g. an unpacked tarball)
    // In process for every commit (the history grows); the CLI once, for the latest.
    for (const commit of commits) {
      const report = await diffAgainst(commit);
      expect(report.breaking, commit).toBe(report.changes.filter((change) => change.level === 'breaking').length);
      for (const change of report.changes) expect(change.message, commit).toMatch(/^[A-Z"].+\.$/s);
    }
    const latest = await diff(['--base', commits[0]!, '--json']);
    expect(latest.stderr).toBe('');
    expect(latest.exitCode).toBe(JSON.parse(latest.stdout).breaking > 0 ? 1 : 0);
    // Before the first package commit there was no connector folder: said so, exit 2.
    const first = commits.at(-1)!;
    const parent = await execa('git', ['rev-parse', '--verify', '--quiet', `${first}^`], {
      cwd: REPOSITORY_ROOT,
      reject: false,
    });
    if (parent.exitCode === 0) {
      const result = await diff(['--base', `${first}^`]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('is not a connector folder: it has no apiDefinition.swagger.json.');
    }
  });
});
