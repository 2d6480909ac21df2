import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONNECTOR_FILES } from '../../src/connector-folder/index.ts';
import { REPOSITORY_ROOT as REPO_ROOT } from '../../src/shared/paths.ts';
import { ENVIRONMENT, flagValue, makeSandbox, pacCalls, paconnCalls, pacProfiles, type Sandbox } from './helpers.ts';

// The real CLI (`node bin/acs-connector.js deploy`) with the real build check and validator,
// against the stand-in paconn, on a copy of the repository's connector folder.
const packagePresent = Object.values(CONNECTOR_FILES).every((name) => existsSync(join(REPO_ROOT, name)));
const cli = join(REPO_ROOT, 'bin', 'acs-connector.js');
// The first compile check of a run may build the .NET script host (about 30 s here).
const COMPILE_TIMEOUT_MS = 180_000;
const dotnetPresent = (process.env.PATH ?? '')
  .split(delimiter)
  .some((dir) => dir && existsSync(join(dir, process.platform === 'win32' ? 'dotnet.exe' : 'dotnet')));

let sandbox: Sandbox;
let connector: string;
beforeEach(async () => {
  sandbox = await makeSandbox();
  connector = join(sandbox.root, 'connector');
  await mkdir(connector, { recursive: true });
  for (const name of Object.values(CONNECTOR_FILES)) await copyFile(join(REPO_ROOT, name), join(connector, name));
});
afterEach(() => sandbox.cleanup());

/** The sandbox environment plus what the compile check needs: dotnet on PATH, this machine's .NET caches. */
function withDotnet(): NodeJS.ProcessEnv {
  return {
    ...sandbox.env,
    PATH: `${sandbox.env.PATH}${delimiter}${process.env.PATH ?? ''}`,
    DOTNET_CLI_HOME: process.env.DOTNET_CLI_HOME ?? homedir(),
    NUGET_PACKAGES: process.env.NUGET_PACKAGES ?? join(homedir(), '.nuget', 'packages'),
  };
}

function runCli(args: string[], env: NodeJS.ProcessEnv = sandbox.env) {
  return execa(process.execPath, [cli, 'deploy', ...args], {
    cwd: sandbox.cwd,
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  });
}

describe.skipIf(!packagePresent)('acs-connector deploy (real CLI and checks, stand-in paconn)', () => {
  it('creates on the first run and updates that connector on the second', async () => {
    const first = await runCli(['--dir', connector, '--environment', ENVIRONMENT, '--no-compile']);
    expect(first.stderr).not.toMatch(/^error:/m);
    expect(first.exitCode).toBe(0);
    const settings = JSON.parse(await readFile(join(sandbox.cwd, 'settings.json'), 'utf8'));
    expect(settings.connectorId).toMatch(/^shared_[a-z0-9-]+-5f[0-9a-f]{18}$/);
    expect(first.stdout).toContain(settings.connectorId);

    const second = await runCli(['--dir', connector, '--no-compile']);
    expect(second.exitCode).toBe(0);
    const [create, update] = await paconnCalls(sandbox);
    expect(create!.argv[0]).toBe('create');
    expect(flagValue(create!.argv, '--api-def')).toBe(join(connector, 'apiDefinition.swagger.json'));
    expect(update!.argv[0]).toBe('update');
    expect(flagValue(update!.argv, '--cid')).toBe(settings.connectorId);
    expect(JSON.stringify(JSON.parse(update!.apiProperties!))).not.toContain('stackOwner');
    expect(existsSync(flagValue(update!.argv, '--api-prop')!)).toBe(false);
    expect(update!.stdinIsTTY).toBe(false);
  });

  it('stops before paconn when a generated file is broken (build check)', async () => {
    const path = join(connector, 'apiDefinition.swagger.json');
    await writeFile(path, (await readFile(path, 'utf8')).slice(0, 200));
    const result = await runCli(['--dir', connector, '--environment', ENVIRONMENT, '--no-compile']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/^error: .*apiDefinition\.swagger\.json/m);
    expect(await paconnCalls(sandbox)).toEqual([]);
  });

  // The script host owns the Script-class check (CSX2), so it needs the compile check on.
  it.skipIf(!dotnetPresent)(
    'stops before paconn when the validator finds an error (script without class Script : ScriptBase)',
    async () => {
      const path = join(connector, 'script.csx');
      await writeFile(path, (await readFile(path, 'utf8')).replace(/class\s+Script\s*:\s*ScriptBase/, 'class Helper'));
      const result = await runCli(['--dir', connector, '--environment', ENVIRONMENT], withDotnet());
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/validation error/);
      expect(result.stderr).toContain('script.csx');
      expect(await paconnCalls(sandbox)).toEqual([]);
    },
    COMPILE_TIMEOUT_MS,
  );

  it.skipIf(!dotnetPresent)(
    'stops before paconn when script.csx does not compile (the compile check is on by default)',
    async () => {
      const path = join(connector, 'script.csx');
      const source = await readFile(path, 'utf8');
      expect(source).toMatch(/class Script : ScriptBase\s*\{/);
      await writeFile(
        path,
        source.replace(/(class Script : ScriptBase\s*\{)/, '$1\n    private int NotANumber = "text";'),
      );
      const result = await runCli(['--dir', connector, '--environment', ENVIRONMENT], withDotnet());
      expect(result.exitCode).toBe(1);
      expect(result.stderr).toMatch(/\[CSX5\] script\.csx line \d+/);
      expect(await paconnCalls(sandbox)).toEqual([]);
    },
    COMPILE_TIMEOUT_MS,
  );

  it('says `pip install paconn` when paconn is not on PATH', async () => {
    const env = { ...sandbox.env, PATH: [join(sandbox.root, 'empty'), dirname(process.execPath)].join(delimiter) };
    const result = await runCli(['--dir', connector, '--environment', ENVIRONMENT, '--no-compile'], env);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('pip install paconn');
  });

  it("passes on paconn's failure: its exit code and its message", async () => {
    const env = { ...sandbox.env, STAND_IN_PACONN_FAIL: 'The environment was not found.' };
    const result = await runCli(['--dir', connector, '--environment', ENVIRONMENT, '--no-compile'], env);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('ERROR: The environment was not found.');
    expect(result.stderr).toMatch(/^error: paconn create failed with exit code 1/m);
    expect(result.stderr).toMatch(/^hint: /m);
  });

  it('deletes the temporary pac profile when the deploy gets Ctrl+C (SIGINT), and exits 130', async () => {
    const env = {
      ...sandbox.env,
      AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
      AZURE_CLIENT_ID: '0b7c6f1e-2d3a-4c5b-8e9f-a0b1c2d3e4f5',
      AZURE_CLIENT_SECRET: `secret-${Date.now()}`,
      STAND_IN_PAC_HANG: '1',
    };
    const child = runCli(['--tool', 'pac', '--dir', connector, '--environment', ENVIRONMENT, '--no-compile'], env);
    // Ctrl+C once pac is deploying: the stand-in has recorded its connector call.
    while (!(await pacCalls(sandbox)).some((call) => call.argv[0] === 'connector')) {
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    const result = await child;
    expect(result.stderr).toContain('error: pac connector create was interrupted (SIGINT) before it finished.');
    expect(result.exitCode).toBe(130);
    expect((await pacCalls(sandbox)).map((call) => call.argv.slice(0, 2).join(' '))).toEqual([
      'auth create',
      'connector create',
      'auth delete',
    ]);
    expect((await pacProfiles(sandbox)).profiles).toEqual([]);
    expect(result.stderr + result.stdout).not.toContain(env.AZURE_CLIENT_SECRET);
  });

  it('rejects an unknown --cloud with the list, before any check', async () => {
    const result = await runCli(['--cloud', 'mooncake', '--environment', ENVIRONMENT]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('public, gcc, gcchigh, dod, china');
  });

  it('prints a dry run with --pau for GCC and records nothing', async () => {
    const result = await runCli([
      '--dir',
      connector,
      '--environment',
      ENVIRONMENT,
      '--cloud',
      'gcc',
      '--dry-run',
      '--no-compile',
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(
      `create --env ${ENVIRONMENT} --api-def ${join(connector, 'apiDefinition.swagger.json')}`,
    );
    expect(result.stdout).toContain('--pau https://gov.api.powerapps.us');
    expect(await paconnCalls(sandbox)).toEqual([]);
    expect(existsSync(join(sandbox.cwd, 'settings.json'))).toBe(false);
  });

  it('--dry-run shows the breaking-change verdict against the recorded commit; --allow-breaking lets it through', async () => {
    // The recorded (deployed) commit had one more action than the package has now.
    const git = (...args: string[]) =>
      execa(
        'git',
        ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args],
        { cwd: connector },
      );
    const swagger = join(connector, 'apiDefinition.swagger.json');
    const current = await readFile(swagger, 'utf8');
    const definition = JSON.parse(current);
    definition.paths['/identities/{identityId}'].get = {
      ...definition.paths['/identities/{identityId}'].delete,
      operationId: 'GetCommunicationIdentity',
      summary: 'Get a user',
    };
    await git('init', '-q');
    await writeFile(swagger, JSON.stringify(definition));
    await git('add', '.');
    await git('commit', '-qm', 'deployed');
    const deployed = (await git('rev-parse', 'HEAD')).stdout.trim();
    await writeFile(swagger, current);
    await git('commit', '-qam', 'drop GetCommunicationIdentity');
    const connectorId = 'shared_acs-20identity-5f0123456789abcdef01';
    await writeFile(
      join(sandbox.cwd, 'settings.json'),
      JSON.stringify({ connectorId, environment: ENVIRONMENT, deployedCommit: deployed }),
    );

    const stopped = await runCli(['--dir', connector, '--dry-run', '--no-compile']);
    expect(stopped.exitCode).toBe(1);
    expect(stopped.stderr).toContain(
      `error: Breaking-change check against the deployed version (commit ${deployed.slice(0, 12)}): 1 breaking, 0 safe. Nothing was deployed:`,
    );
    expect(stopped.stderr).toContain('breaking operation-removed GetCommunicationIdentity');
    expect(stopped.stderr).toContain('--allow-breaking');

    const allowed = await runCli(['--dir', connector, '--dry-run', '--no-compile', '--allow-breaking']);
    expect(allowed.exitCode).toBe(0);
    expect(allowed.stdout).toContain(
      '1 breaking, 0 safe.\nDeploying anyway (--allow-breaking).\nDry run: nothing was run.',
    );
    expect(allowed.stdout).toContain(`update --env ${ENVIRONMENT} --cid ${connectorId}`);
    expect(await paconnCalls(sandbox)).toEqual([]);
  });

  it(
    'deploys the repository itself (default --dir, compile check on) without changing a tracked file',
    async () => {
      const watched = [...Object.values(CONNECTOR_FILES), 'settings.json'];
      const status = () =>
        execa('git', ['status', '--porcelain', '--ignored', '--', ...watched], { cwd: REPO_ROOT }).then(
          (r) => r.stdout,
        );
      const before = await status();
      const result = await runCli(
        ['--environment', ENVIRONMENT, '--settings', join(sandbox.root, 'deploy-settings.json')],
        withDotnet(),
      );
      expect(result.stderr).not.toMatch(/^error:/m);
      expect(result.exitCode).toBe(0);
      const [call] = await paconnCalls(sandbox);
      expect(flagValue(call!.argv, '--script')).toBe(join(REPO_ROOT, 'script.csx'));
      expect(JSON.parse(await readFile(join(sandbox.root, 'deploy-settings.json'), 'utf8')).connectorId).toMatch(
        /^shared_/,
      );
      expect(await status()).toBe(before);
    },
    COMPILE_TIMEOUT_MS,
  );
});

if (!packagePresent)
  it.skip('CLI deploy tests skipped: the repository has no connector package yet (run `npm run build`)', () => {});
