import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deploy, type DeployOptions } from '../../src/deploy/deploy.ts';
import type { PreflightChecks } from '../../src/deploy/preflight.ts';
import { UserError } from '../../src/shared/errors.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { ENVIRONMENT, captureStream, makeSandbox, paconnCalls, type Sandbox } from './helpers.ts';

// The deploy's breaking-change check against the stand-in paconn, on a git repository holding a
// copy of our package: the first deploy records the commit, later ones compare with it.
const passingChecks: PreflightChecks = { checkPackage: async () => [], validate: async () => [] };
const FILES = ['apiDefinition.swagger.json', 'apiProperties.json', 'script.csx', 'icon.png'];

let sandbox: Sandbox;
let connector: string;
const git = (...args: string[]) =>
  execa('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: connector,
  });
const head = async () => (await git('rev-parse', 'HEAD')).stdout.trim();
const settings = async () => JSON.parse(await readFile(join(sandbox.cwd, 'settings.json'), 'utf8'));

beforeEach(async () => {
  sandbox = await makeSandbox();
  connector = join(sandbox.root, 'connector');
  for (const file of FILES) await cp(join(REPOSITORY_ROOT, file), join(connector, file));
  await git('init', '-q');
  await git('add', '.');
  await git('commit', '-qm', 'first release');
});
afterEach(() => sandbox.cleanup());

async function run(options: DeployOptions = {}) {
  const stdout = captureStream();
  const stderr = captureStream();
  let error: unknown;
  try {
    await deploy(
      { dir: connector, environment: ENVIRONMENT, ...options },
      { cwd: sandbox.cwd, env: sandbox.env, stdout: stdout.stream, stderr: stderr.stream, checks: passingChecks },
    );
  } catch (caught) {
    error = caught;
  }
  return { error, stdout: stdout.text(), stderr: stderr.text() };
}

async function commitEdit(edit: (definition: any) => void, message: string): Promise<void> {
  const file = join(connector, 'apiDefinition.swagger.json');
  const definition = JSON.parse(await readFile(file, 'utf8'));
  edit(definition);
  await writeFile(file, `${JSON.stringify(definition, null, 2)}\n`);
  await git('commit', '-qam', message);
}

const removeDelete = (d: any) => delete d.paths['/identities/{identityId}'].delete;

describe('deploy: breaking-change check against the deployed version', () => {
  it('records the deployed commit beside the connector id, and lets a safe change through', async () => {
    expect((await run()).error).toBeUndefined();
    const first = await settings();
    expect(first.deployedCommit).toBe(await head());

    await commitEdit((d) => (d.paths['/identities'].post.summary = 'Create a new user'), 'reword');
    const result = await run();
    expect(result.error).toBeUndefined();
    expect(result.stderr).toContain(
      `Breaking-change check against the deployed version (commit ${first.deployedCommit.slice(0, 12)}): 0 breaking, 1 safe.`,
    );
    expect((await paconnCalls(sandbox)).map((call) => call.argv[0])).toEqual(['create', 'update']);
    expect((await settings()).deployedCommit).toBe(await head());
  });

  it('stops before paconn on a breaking change, naming it, and keeps the record', async () => {
    await run();
    const deployed = (await settings()).deployedCommit;
    await commitEdit(removeDelete, 'drop delete');
    const result = await run();
    expect(result.error).toBeInstanceOf(UserError);
    const error = result.error as UserError;
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('1 breaking, 0 safe. Nothing was deployed:');
    expect(error.message).toMatch(
      /breaking operation-removed DeleteCommunicationIdentity — The action DeleteCommunicationIdentity \("Delete a user"\) was removed;/,
    );
    expect(error.hint).toContain('--allow-breaking');
    expect((await paconnCalls(sandbox)).map((call) => call.argv[0])).toEqual(['create']);
    expect((await settings()).deployedCommit).toBe(deployed);
  });

  it('deploys a breaking change with --allow-breaking, warning about it, and records the new commit', async () => {
    await run();
    await commitEdit(removeDelete, 'drop delete');
    const result = await run({ allowBreaking: true });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toContain('Deploying anyway (--allow-breaking):');
    expect(result.stderr).toContain('operation-removed DeleteCommunicationIdentity');
    expect((await paconnCalls(sandbox)).map((call) => call.argv[0])).toEqual(['create', 'update']);
    expect((await settings()).deployedCommit).toBe(await head());
  });

  it('shows the verdict on --dry-run: the same stop on a breaking change, the verdict beside the command otherwise', async () => {
    await run();
    await commitEdit((d) => (d.paths['/identities'].post.description = 'Creates a user.'), 'reword');
    const safe = await run({ dryRun: true });
    expect(safe.error).toBeUndefined();
    expect(safe.stdout).toMatch(
      /^Breaking-change check against the deployed version \(commit [0-9a-f]{12}\): 0 breaking, 1 safe\.\nDry run: nothing was run\./,
    );

    await commitEdit(removeDelete, 'drop delete');
    const stopped = await run({ dryRun: true });
    expect((stopped.error as UserError).message).toContain('1 breaking, 1 safe. Nothing was deployed:');
    const allowed = await run({ dryRun: true, allowBreaking: true });
    expect(allowed.error).toBeUndefined();
    expect(allowed.stdout).toContain(
      '1 breaking, 1 safe.\nDeploying anyway (--allow-breaking).\nDry run: nothing was run.',
    );
    expect((await paconnCalls(sandbox)).map((call) => call.argv[0])).toEqual(['create']);
  });

  it('records no commit for uncommitted files, and says the next deploy cannot check', async () => {
    await writeFile(
      join(connector, 'script.csx'),
      `${await readFile(join(connector, 'script.csx'), 'utf8')}\n// local edit\n`,
    );
    const result = await run();
    expect(result.error).toBeUndefined();
    expect(result.stderr).toContain(
      'have changes that are not committed, so the next deploy cannot check for breaking changes',
    );
    expect((await settings()).deployedCommit).toBeUndefined();
    const next = await run();
    expect(next.error).toBeUndefined();
    expect(next.stderr).toContain('No deployed version of');
    expect(next.stderr).toContain('the breaking-change check is skipped');
  });

  it('refuses to guess when the recorded commit is unknown, unless --allow-breaking', async () => {
    await run();
    const file = join(sandbox.cwd, 'settings.json');
    await writeFile(
      file,
      JSON.stringify({ ...(await settings()), deployedCommit: '0123456789abcdef0123456789abcdef01234567' }),
    );
    const result = await run();
    expect((result.error as UserError).message).toContain(
      '(commit 0123456789abcdef0123456789abcdef01234567, recorded in',
    );
    expect((result.error as UserError).message).toContain('cannot be read');
    expect(await paconnCalls(sandbox)).toHaveLength(1);
    const allowed = await run({ allowBreaking: true });
    expect(allowed.error).toBeUndefined();
    expect(allowed.stderr).toContain('cannot be read, so the deploy cannot tell whether it breaks existing flows');
    expect((await paconnCalls(sandbox)).map((call) => call.argv[0])).toEqual(['create', 'update']);
    expect((await settings()).deployedCommit).toBe(await head());
  });
});
