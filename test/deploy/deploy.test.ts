import { randomBytes } from 'node:crypto';
import { access, readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeployContext, DeployOptions } from '../../src/deploy/deploy.ts';
import type { Finding, PreflightChecks } from '../../src/deploy/preflight.ts';
import { UserError } from '../../src/shared/errors.ts';
import {
  CONNECTOR_ID_SHAPE,
  ENVIRONMENT,
  deployInSandbox,
  flagValue,
  makeSandbox,
  paconnCalls,
  sandboxWithConnector,
  writeConnectorFolder,
  writeToken,
  type Sandbox,
} from './helpers.ts';

// The deploy flow against the stand-in paconn (a real child process), with the package checks
// injected; test/deploy/cli.test.ts runs the real CLI with the real checks.

let sandbox: Sandbox;
let connector: string;
beforeEach(async () => {
  ({ sandbox, connector } = await sandboxWithConnector());
});
afterEach(() => sandbox.cleanup());

const run = (options: DeployOptions, overrides: Partial<DeployContext> = {}) =>
  deployInSandbox({ sandbox, connector }, options, overrides);

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

describe('deploy with the stand-in paconn', () => {
  it('creates the connector on the first deploy, with absolute paths and --env, and saves the id', async () => {
    const result = await run({ environment: ENVIRONMENT });
    expect(result.error).toBeUndefined();
    const calls = await paconnCalls(sandbox);
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.argv).toEqual([
      'create',
      '--env',
      ENVIRONMENT,
      '--api-def',
      join(connector, 'apiDefinition.swagger.json'),
      '--api-prop',
      join(connector, 'apiProperties.json'),
      '--script',
      join(connector, 'script.csx'),
      '--icon',
      join(connector, 'icon.png'),
    ]);
    expect(call.stdinIsTTY).toBe(false);
    expect(call.stdin).toBe('null');
    // paconn ran in its own folder (its settings.json cannot collide), removed afterwards.
    expect(call.cwd).not.toBe(sandbox.cwd);
    expect(await exists(call.cwd)).toBe(false);

    const settings = JSON.parse(await readFile(join(sandbox.cwd, 'settings.json'), 'utf8'));
    expect(settings.connectorId).toMatch(CONNECTOR_ID_SHAPE);
    expect(settings).toMatchObject({
      environment: ENVIRONMENT,
      apiDefinition: join(connector, 'apiDefinition.swagger.json'),
      apiProperties: join(connector, 'apiProperties.json'),
      script: join(connector, 'script.csx'),
      icon: join(connector, 'icon.png'),
      powerAppsUrl: 'https://api.powerapps.com',
      powerAppsApiVersion: '2016-11-01',
    });
    expect(Object.keys(settings)).toEqual([...Object.keys(settings)].sort());
    expect(result.outcome?.connectorId).toBe(settings.connectorId);
    expect(result.stdout).toContain(settings.connectorId);
    // paconn's own success line came through.
    expect(result.stderr).toContain(`${settings.connectorId} created successfully.`);
  });

  it('updates the saved connector on the second deploy, without stackOwner, and deletes the copy', async () => {
    await run({ environment: ENVIRONMENT });
    const { connectorId } = JSON.parse(await readFile(join(sandbox.cwd, 'settings.json'), 'utf8'));

    const result = await run({});
    expect(result.error).toBeUndefined();
    const call = (await paconnCalls(sandbox))[1]!;
    expect(call.argv[0]).toBe('update');
    expect(flagValue(call.argv, '--cid')).toBe(connectorId);
    expect(flagValue(call.argv, '--env')).toBe(ENVIRONMENT);
    expect(flagValue(call.argv, '--script')).toBe(join(connector, 'script.csx'));
    expect(flagValue(call.argv, '--icon')).toBe(join(connector, 'icon.png'));
    const givenProperties = flagValue(call.argv, '--api-prop')!;
    expect(givenProperties).not.toBe(join(connector, 'apiProperties.json'));
    expect(call.stdinIsTTY).toBe(false);
    // paconn saw the properties without stackOwner; the original keeps it; the copy is gone.
    const seen = JSON.parse(call.apiProperties!);
    expect(seen.properties.stackOwner).toBeUndefined();
    expect(seen.properties.publisher).toBe('Contoso');
    expect(JSON.parse(await readFile(join(connector, 'apiProperties.json'), 'utf8')).properties.stackOwner).toBe(
      'Microsoft',
    );
    expect(await exists(givenProperties)).toBe(false);
    expect(result.outcome).toMatchObject({ action: 'update', connectorId });
    expect(result.stderr).toContain(`${connectorId} updated successfully.`);
  });

  it('updates the connector named by --connector-id and records it', async () => {
    const id = 'shared_acs-20identity-5f0123456789abcdef';
    const result = await run({ environment: ENVIRONMENT, connectorId: id });
    expect(result.error).toBeUndefined();
    expect((await paconnCalls(sandbox))[0]!.argv.slice(0, 5)).toEqual(['update', '--env', ENVIRONMENT, '--cid', id]);
    expect(JSON.parse(await readFile(join(sandbox.cwd, 'settings.json'), 'utf8')).connectorId).toBe(id);
  });

  it('stops, saying how to install it, when paconn is not on PATH', async () => {
    const bare = await makeSandbox({ withPaconn: false });
    try {
      const env = { ...bare.env, PATH: [bare.bin, dirname(process.execPath)].join(delimiter) };
      const result = await run({ environment: ENVIRONMENT }, { env, cwd: bare.cwd });
      expect(result.error).toBeInstanceOf(UserError);
      expect((result.error as UserError).message).toMatch(/paconn .*not on PATH/);
      expect((result.error as UserError).hint).toContain('pip install paconn');
    } finally {
      await bare.cleanup();
    }
  });

  it.each([
    ['missing', null],
    ['expiring within 600 s', 300],
    ['expired', -60],
  ])('stops and asks for `paconn login` when the login is %s, without calling paconn', async (_label, secondsLeft) => {
    const other = await makeSandbox({ tokenSecondsLeft: secondsLeft });
    try {
      const result = await run({ environment: ENVIRONMENT }, { env: other.env, cwd: other.cwd });
      expect(result.error).toBeInstanceOf(UserError);
      expect((result.error as UserError).hint).toContain('paconn login');
      expect(await paconnCalls(other)).toEqual([]);
    } finally {
      await other.cleanup();
    }
  });

  it('stops on a malformed token file and never prints its content', async () => {
    await writeFile(join(sandbox.home, '.paconn', 'accessTokens.json'), '{"access_token": "eyJhbGciOi-secret-part');
    const result = await run({ environment: ENVIRONMENT });
    expect((result.error as UserError).message).toContain('not valid JSON');
    expect((result.error as UserError).hint).toContain('paconn login');
    expect(String((result.error as UserError).message)).not.toContain('secret-part');
  });

  it('accepts a token with more than 600 s left', async () => {
    await writeToken(sandbox.home, 660);
    const result = await run({ environment: ENVIRONMENT });
    expect(result.error).toBeUndefined();
  });

  it('stops, naming --environment, when no environment is known', async () => {
    const result = await run({});
    expect(result.error).toBeInstanceOf(UserError);
    expect((result.error as UserError).hint).toContain('--environment');
    expect(await paconnCalls(sandbox)).toEqual([]);
  });

  it('takes the environment from POWER_PLATFORM_ENVIRONMENT when neither flag nor settings give one', async () => {
    const result = await run({}, { env: { ...sandbox.env, POWER_PLATFORM_ENVIRONMENT: ENVIRONMENT } });
    expect(result.error).toBeUndefined();
    expect(flagValue((await paconnCalls(sandbox))[0]!.argv, '--env')).toBe(ENVIRONMENT);
  });

  it('rejects an environment that is not an environment id, as a usage error', async () => {
    const result = await run({ environment: 'Contoso (default)' });
    expect((result.error as UserError).message).toContain('--environment');
    expect((result.error as UserError).exitCode).toBe(2);
    expect(await paconnCalls(sandbox)).toEqual([]);
  });

  it('never calls paconn when the package has validation errors or stale files', async () => {
    const finding: Finding = {
      ruleId: 'S3',
      severity: 'error',
      file: 'apiDefinition.swagger.json',
      location: '/info/title',
      message: 'The title is missing.',
      hint: 'Add info.title.',
    };
    const invalid = await run(
      { environment: ENVIRONMENT },
      { checks: { checkPackage: async () => [], validate: async () => [finding] } },
    );
    expect((invalid.error as UserError).message).toContain(
      '[S3] apiDefinition.swagger.json /info/title: The title is missing.',
    );
    const stale = await run(
      { environment: ENVIRONMENT },
      { checks: { checkPackage: async () => ['apiProperties.json'], validate: async () => [] } },
    );
    expect((stale.error as UserError).message).toContain('apiProperties.json');
    expect((stale.error as UserError).hint).toContain(`npx acs-connector build --dir ${connector}`);
    expect(await paconnCalls(sandbox)).toEqual([]);
  });

  it('asks the validator to compile the script unless told not to', async () => {
    const seen: boolean[] = [];
    const checks: PreflightChecks = {
      checkPackage: async () => [],
      validate: async (_dir, options) => (seen.push(options.compileScript), []),
    };
    await run({ environment: ENVIRONMENT, dryRun: true }, { checks });
    await run({ environment: ENVIRONMENT, dryRun: true, compile: false }, { checks });
    expect(seen).toEqual([true, false]);
  });

  it("passes on paconn's exit code and error text, with a hint for a known case", async () => {
    const result = await run(
      { environment: ENVIRONMENT },
      { env: { ...sandbox.env, STAND_IN_PACONN_FAIL: 'Request failed with status 403: Forbidden' } },
    );
    const error = result.error as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(
      'paconn create failed with exit code 1: ERROR: Request failed with status 403: Forbidden',
    );
    expect(error.hint).toContain('Environment Maker');
    expect(result.stderr).toContain('ERROR: Request failed with status 403: Forbidden');
    // Nothing saved: the next deploy must create again.
    expect(await exists(join(sandbox.cwd, 'settings.json'))).toBe(false);
  });

  it('passes on exit code 2 when paconn rejects a flag, with a hint about its version', async () => {
    const result = await run(
      { environment: ENVIRONMENT },
      { env: { ...sandbox.env, STAND_IN_PACONN_WITHOUT_SCRIPT: '1' } },
    );
    const error = result.error as UserError;
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('unrecognized arguments: --script');
    expect(error.hint).toContain('paconn --version');
    expect(result.stderr).toContain('usage: paconn create');
  });

  it('stops a paconn that hangs, says so, and saves nothing', async () => {
    // Long enough for the stand-in to start and record its call on a loaded machine (1 s was not, at a load of 23).
    const result = await run(
      { environment: ENVIRONMENT },
      { env: { ...sandbox.env, STAND_IN_PACONN_HANG: '1' }, timeoutMs: 5_000 },
    );
    const error = result.error as UserError;
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('paconn create did not finish within 5 s and was stopped.');
    expect(error.hint).toContain('Custom connectors');
    expect(await paconnCalls(sandbox)).toHaveLength(1);
    expect(await exists(join(sandbox.cwd, 'settings.json'))).toBe(false);
  });

  it('refuses a settings file tracked by git before paconn runs', async () => {
    const git = (...args: string[]) => execa('git', args, { cwd: sandbox.cwd });
    await git('init', '-q');
    await writeFile(join(sandbox.cwd, 'settings.json'), JSON.stringify({ environment: ENVIRONMENT }));
    await git('add', 'settings.json');
    const result = await run({});
    expect((result.error as UserError).message).toContain('tracked by git');
    expect(await paconnCalls(sandbox)).toEqual([]);
    expect(JSON.parse(await readFile(join(sandbox.cwd, 'settings.json'), 'utf8'))).toEqual({
      environment: ENVIRONMENT,
    });
  });

  it.each([
    ['a JWT', undefined],
    // Not JWT-shaped, so only the login file's own values can tell it is a secret.
    ['an opaque token', randomBytes(24).toString('hex')],
  ])('keeps %s out of what it prints when paconn echoes it', async (_shape, opaque) => {
    const token = await writeToken(sandbox.home, 3600, opaque === undefined ? {} : { access_token: opaque });
    const printed = opaque ?? token;
    const result = await run(
      { environment: ENVIRONMENT },
      { env: { ...sandbox.env, STAND_IN_PACONN_PRINT_TOKEN: '1' } },
    );
    expect(result.error).toBeUndefined();
    expect(result.stdout).toContain('Authorization: Bearer');
    expect(result.stdout + result.stderr).not.toContain(printed);
  });

  it('prints the exact command on --dry-run and runs nothing', async () => {
    const spaced = join(sandbox.root, 'my connector');
    await writeConnectorFolder(spaced);
    const result = await run({ environment: ENVIRONMENT, dir: spaced, dryRun: true });
    expect(result.error).toBeUndefined();
    expect(await paconnCalls(sandbox)).toEqual([]);
    expect(await exists(join(sandbox.cwd, 'settings.json'))).toBe(false);
    const paconnPath = join(sandbox.bin, 'paconn');
    expect(result.stdout).toContain(
      `${paconnPath} create --env ${ENVIRONMENT} --api-def '${spaced}/apiDefinition.swagger.json' --api-prop '${spaced}/apiProperties.json' --script '${spaced}/script.csx' --icon '${spaced}/icon.png'`,
    );
    expect(result.outcome).toMatchObject({ action: 'create', dryRun: true });
  });

  it("passes the sovereign cloud's Power Apps URL as --pau, and remembers it", async () => {
    const first = await run({ environment: ENVIRONMENT, cloud: 'gcchigh' });
    expect(first.error).toBeUndefined();
    const settings = JSON.parse(await readFile(join(sandbox.cwd, 'settings.json'), 'utf8'));
    expect(settings.powerAppsUrl).toBe('https://high.api.powerapps.us');
    await run({});
    const [create, update] = await paconnCalls(sandbox);
    expect(flagValue(create!.argv, '--pau')).toBe('https://high.api.powerapps.us');
    expect(update!.argv[0]).toBe('update');
    expect(flagValue(update!.argv, '--pau')).toBe('https://high.api.powerapps.us');
  });

  it.each([
    ['gcc', 'https://gov.api.powerapps.us'],
    ['dod', 'https://api.apps.appsplatform.us'],
    ['china', 'https://api.powerapps.cn'],
  ])('uses --pau %s → %s', async (cloud, url) => {
    const result = await run({ environment: ENVIRONMENT, cloud, dryRun: true });
    expect(flagValue(result.outcome!.command, '--pau')).toBe(url);
  });

  it('rejects an unknown --cloud, listing the choices', async () => {
    const result = await run({ environment: ENVIRONMENT, cloud: 'azure-germany' });
    expect((result.error as UserError).message).toContain('--cloud');
    expect((result.error as UserError).hint).toBe('Use one of: public, gcc, gcchigh, dod, china.');
  });

  it('refuses to reuse a saved connector id for another environment', async () => {
    await run({ environment: ENVIRONMENT });
    const other = '11111111-2222-4333-8444-555555555555';
    const result = await run({ environment: other });
    expect((result.error as UserError).message).toContain(other);
    expect((result.error as UserError).hint).toContain('--settings');
    expect(await paconnCalls(sandbox)).toHaveLength(1);
  });

  it('says a --dir that does not exist does not exist, as a usage error, before anything runs', async () => {
    const missing = join(sandbox.root, 'no-such-folder');
    const result = await run({ environment: ENVIRONMENT, dir: missing });
    expect((result.error as UserError).message).toBe(`The folder ${missing} does not exist.`);
    expect((result.error as UserError).exitCode).toBe(2);
    expect(await paconnCalls(sandbox)).toEqual([]);
  });

  it('reports a settings file that is not JSON, with line and column', async () => {
    await writeFile(join(sandbox.cwd, 'settings.json'), '{\n  "environment": \n}');
    const result = await run({});
    expect((result.error as UserError).message).toMatch(/settings\.json is not valid JSON \(.* at line 3, column 1\)/);
  });
});
