import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeployContext, DeployOptions } from '../../src/deploy/deploy.ts';
import {
  ENVIRONMENT,
  deployInSandbox,
  flagValue,
  makeSandbox,
  pacCalls,
  pacProfiles,
  sandboxWithConnector,
  seedPacProfile,
  type Sandbox,
} from './helpers.ts';

// `deploy --tool pac` against the stand-in pac (a real child process per call), with the package
// checks injected. The service principal's secret is random, made at run time.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '0b7c6f1e-2d3a-4c5b-8e9f-a0b1c2d3e4f5';

let sandbox: Sandbox;
let connector: string;
let secret: string;
let principalEnv: NodeJS.ProcessEnv;

/**
 * A --timeout for the hang tests: long enough for one stand-in pac to start and record its call at
 * the machine's load right now (measured just before), far below the default.
 */
async function hangTimeoutMs(): Promise<number> {
  const started = performance.now();
  const { STAND_IN_PAC_LOG: _unlogged, ...env } = sandbox.env;
  await execa(join(sandbox.bin, 'pac'), ['auth', 'list'], { env, extendEnv: false, reject: false });
  return Math.ceil(4 * (performance.now() - started)) + 500;
}

beforeEach(async () => {
  ({ sandbox, connector } = await sandboxWithConnector());
  secret = `${randomBytes(3).toString('hex')}~Q.${randomBytes(16).toString('base64url')}`;
  principalEnv = { ...sandbox.env, AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: secret };
});
afterEach(() => sandbox.cleanup());

const run = (options: DeployOptions, overrides: Partial<DeployContext> = {}) =>
  deployInSandbox({ sandbox, connector }, { tool: 'pac', ...options }, overrides);

const settings = async () => JSON.parse(await readFile(join(sandbox.cwd, 'settings.json'), 'utf8'));
const connectorCalls = async () => (await pacCalls(sandbox)).filter((call) => call.argv[0] === 'connector');
const verbs = async () => (await pacCalls(sandbox)).map((call) => call.argv.slice(0, 2).join(' '));

describe('deploy --tool pac with an existing pac profile', () => {
  beforeEach(() => seedPacProfile(sandbox, 'admin'));

  it('creates the connector with the script always sent, parses the GUID and saves it with the tool', async () => {
    const result = await run({ environment: ENVIRONMENT });
    expect(result.error).toBeUndefined();
    const calls = await pacCalls(sandbox);
    expect(calls.map((call) => call.argv)).toEqual([
      [
        'connector',
        'create',
        '--environment',
        ENVIRONMENT,
        '--api-definition-file',
        join(connector, 'apiDefinition.swagger.json'),
        '--api-properties-file',
        join(connector, 'apiProperties.json'),
        '--script-file',
        join(connector, 'script.csx'),
        '--icon-file',
        join(connector, 'icon.png'),
      ],
    ]);
    expect(calls[0]!.stdinIsTTY).toBe(false);
    expect(calls[0]!.activeProfile).toBe('admin');
    const saved = await settings();
    expect(saved.connectorId).toMatch(GUID);
    expect(saved).toMatchObject({ tool: 'pac', environment: ENVIRONMENT });
    expect(result.stdout).toContain(`Connector created with ID ${saved.connectorId}`);
    expect(result.stdout).toContain(`Created connector ${saved.connectorId} in environment ${ENVIRONMENT}`);
    expect(result.outcome).toMatchObject({ tool: 'pac', action: 'create', connectorId: saved.connectorId });
  });

  it('updates the saved connector with pac on the next deploy (no --tool needed), without stackOwner', async () => {
    await run({ environment: ENVIRONMENT });
    const { connectorId } = await settings();
    const result = await run({ tool: undefined });
    expect(result.error).toBeUndefined();
    const update = (await connectorCalls())[1]!;
    expect(update.argv.slice(0, 6)).toEqual([
      'connector',
      'update',
      '--environment',
      ENVIRONMENT,
      '--connector-id',
      connectorId,
    ]);
    expect(flagValue(update.argv, '--script-file')).toBe(join(connector, 'script.csx'));
    expect(JSON.parse(update.apiProperties!).properties.stackOwner).toBeUndefined();
    expect(result.stdout).toContain('Connector updated succesfully.');
    expect((await pacProfiles(sandbox)).profiles.map((p) => p.name)).toEqual(['admin']);
  });

  it('creates the connector in --solution, remembers the solution, and keeps it there on update', async () => {
    const env = { ...sandbox.env, STAND_IN_PAC_SOLUTIONS: 'ContosoConnectors' };
    const created = await run({ environment: ENVIRONMENT, solution: 'ContosoConnectors' }, { env });
    expect(created.error).toBeUndefined();
    expect(created.stdout).toContain('(solution ContosoConnectors)');
    expect((await settings()).solution).toBe('ContosoConnectors');
    expect((await run({}, { env })).error).toBeUndefined();
    const [create, update] = await connectorCalls();
    expect(flagValue(create!.argv, '--solution-unique-name')).toBe('ContosoConnectors');
    expect(update!.argv[1]).toBe('update');
    expect(flagValue(update!.argv, '--solution-unique-name')).toBe('ContosoConnectors');
  });

  it('passes on an unknown solution with a hint about unique names, and saves nothing', async () => {
    const result = await run({ environment: ENVIRONMENT, solution: 'Contoso_Connectors' });
    expect(result.error?.message).toContain(
      "pac connector create failed with exit code 1: Error: Solution 'Contoso_Connectors' was not found",
    );
    expect(result.error?.hint).toContain('unique name');
    await expect(settings()).rejects.toThrow();
  });

  it('refuses --solution that is not a unique name, and --solution with paconn, as usage errors', async () => {
    const spaced = await run({ environment: ENVIRONMENT, solution: 'Contoso Connectors' });
    expect(spaced.error?.exitCode).toBe(2);
    const paconn = await run({ environment: ENVIRONMENT, solution: 'Contoso', tool: 'paconn' });
    expect(paconn.error?.message).toContain('--solution needs --tool pac');
    expect(paconn.error?.exitCode).toBe(2);
    expect(await pacCalls(sandbox)).toEqual([]);
  });

  it('retries once on CustomScriptProvisioningFailed and then succeeds', async () => {
    const env = { ...sandbox.env, STAND_IN_PAC_SCRIPT_FAILURES: '1' };
    const result = await run({ environment: ENVIRONMENT }, { env });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toContain('CustomScriptProvisioningFailed, which the platform often reports transiently');
    const calls = await connectorCalls();
    expect(calls.map((call) => call.argv[1])).toEqual(['create', 'create']);
    expect((await settings()).connectorId).toMatch(GUID);
  });

  it('gives up after the one retry, with its error text and a hint', async () => {
    const env = { ...sandbox.env, STAND_IN_PAC_SCRIPT_FAILURES: '2' };
    const result = await run({ environment: ENVIRONMENT }, { env });
    expect(result.error?.message).toMatch(
      /^pac connector create failed with exit code 1: Error: .*CustomScriptProvisioningFailed/,
    );
    expect(result.error?.hint).toContain('tried twice');
    expect(await connectorCalls()).toHaveLength(2);
  });

  it('hints at a pac update when pac rejects a flag and prints its Usage block', async () => {
    const env = { ...sandbox.env, STAND_IN_PAC_UNKNOWN_FLAG: '--icon-file' };
    const result = await run({ environment: ENVIRONMENT }, { env });
    expect(result.error?.message).toContain("Error: Unrecognized command or argument '--icon-file'.");
    expect(result.error?.hint).toContain('dotnet tool update --global Microsoft.PowerApps.CLI.Tool');
    expect(result.stdout).toContain('Usage: pac connector create');
  });

  it('stops a pac update that hangs after --timeout, says so, and saves nothing', async () => {
    await run({ environment: ENVIRONMENT });
    const before = await settings();
    const timeoutMs = await hangTimeoutMs();
    const result = await run({}, { env: { ...sandbox.env, STAND_IN_PAC_HANG: '1' }, timeoutMs });
    expect(result.error?.message).toMatch(/^pac connector update did not finish within [\d.]+ s and was stopped\.$/);
    expect(result.error?.hint).toContain('--timeout');
    expect(result.error?.hint).toContain('pac connector list');
    expect((await connectorCalls()).map((call) => call.argv[1])).toEqual(['create', 'update']);
    expect(await settings()).toEqual(before);
  });

  it("uses pac's active profile when no service principal is set, and says how to sign in when there is none", async () => {
    await writeFile(
      join(sandbox.home, '.local/share/Microsoft/PowerAppsCli/authprofiles_v2.json'),
      '{"current":null,"profiles":[]}',
    );
    const result = await run({ environment: ENVIRONMENT });
    expect(result.error?.message).toContain('No profiles were found on this computer');
    expect(result.error?.hint).toContain('AZURE_CLIENT_SECRET');
    expect(await verbs()).toEqual(['connector create']);
  });

  it("says that --cloud does not move pac's own profile to another cloud", async () => {
    const result = await run({ environment: ENVIRONMENT, cloud: 'gcc', dryRun: true });
    expect(result.stderr).toContain(
      "note: pac uses the cloud of its active profile; --cloud gcc applies to a service principal's sign-in.",
    );
    expect(result.stdout).not.toContain('auth create');
  });

  it('refuses to update a connector recorded as deployed with paconn, and a paconn id given to pac', async () => {
    const id = 'shared_acs-20identity-5f0123456789abcdef';
    await writeFile(join(sandbox.cwd, 'settings.json'), JSON.stringify({ connectorId: id, environment: ENVIRONMENT }));
    const recorded = await run({});
    expect(recorded.error?.message).toContain(`records connector ${id}, deployed with paconn`);
    const given = await run({ environment: ENVIRONMENT, connectorId: id, settings: 'other.json' });
    expect(given.error?.message).toContain('pac names connectors by GUID');
    expect(given.error?.exitCode).toBe(2);
    expect(await pacCalls(sandbox)).toEqual([]);
  });
});

describe('deploy --tool pac as a service principal (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET)', () => {
  it('signs in with a temporary profile, deploys with it, and deletes only that profile', async () => {
    await seedPacProfile(sandbox, 'admin');
    const result = await run({ environment: ENVIRONMENT }, { env: principalEnv });
    expect(result.error).toBeUndefined();
    const calls = await pacCalls(sandbox);
    expect(calls.map((call) => call.argv.slice(0, 2).join(' '))).toEqual([
      'auth create',
      'connector create',
      'auth delete',
    ]);
    const [signIn, create, signOut] = calls;
    const profile = flagValue(signIn!.argv, '--name')!;
    expect(profile).toMatch(/^acs-deploy-[0-9a-f]{8}$/);
    expect(flagValue(signIn!.argv, '--applicationId')).toBe(CLIENT);
    expect(flagValue(signIn!.argv, '--tenant')).toBe(TENANT);
    expect(flagValue(signIn!.argv, '--cloud')).toBe('Public');
    expect(flagValue(signIn!.argv, '--environment')).toBe(ENVIRONMENT);
    expect(signIn!.argv.includes('--accept-cleartext-caching')).toBe(process.platform === 'linux');
    expect(create!.activeProfile).toBe(profile);
    expect(create!.spnSecretInEnv).toBe(true);
    expect(signOut!.argv).toEqual(['auth', 'delete', '--name', profile]);
    expect(await pacProfiles(sandbox)).toMatchObject({ profiles: [{ name: 'admin' }] });
  });

  it('keeps the secret out of all output, the settings file and every argv but the sign-in', async () => {
    const env = { ...principalEnv, STAND_IN_PAC_ECHO_SECRET: '1' };
    const result = await run({ environment: ENVIRONMENT }, { env });
    expect(result.error).toBeUndefined();
    expect(result.stderr).toContain('Using client secret ***');
    expect(result.stderr).toContain("--clientSecret '***'");
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(await readFile(join(sandbox.cwd, 'settings.json'), 'utf8')).not.toContain(secret);
    const calls = await pacCalls(sandbox);
    // pac takes a client secret only as --clientSecret's value: the sign-in is the one call that has it.
    expect(calls.filter((call) => call.argv.includes(secret)).map((call) => call.argv[1])).toEqual(['create']);
    expect(calls.filter((call) => call.argv.includes(secret))[0]!.argv[0]).toBe('auth');
  });

  it.each([
    ['public', 'Public'],
    ['gcc', 'UsGov'],
    ['gcchigh', 'UsGovHigh'],
    ['dod', 'UsGovDod'],
    ['china', 'China'],
  ])('maps --cloud %s to pac auth create --cloud %s', async (cloud, pacCloud) => {
    const result = await run({ environment: ENVIRONMENT, cloud, dryRun: true }, { env: principalEnv });
    expect(result.stdout).toMatch(new RegExp(` auth create .* --cloud ${pacCloud} --environment `, 'm'));
  });

  it('remembers the cloud with the connector, so the update signs in to the same one', async () => {
    expect((await run({ environment: ENVIRONMENT, cloud: 'gcchigh' }, { env: principalEnv })).error).toBeUndefined();
    expect((await run({}, { env: principalEnv })).error).toBeUndefined();
    const signIns = (await pacCalls(sandbox)).filter((call) => call.argv[1] === 'create' && call.argv[0] === 'auth');
    expect(signIns.map((call) => flagValue(call.argv, '--cloud'))).toEqual(['UsGovHigh', 'UsGovHigh']);
    expect((await settings()).powerAppsUrl).toBe('https://high.api.powerapps.us');
  });

  it('deletes the temporary profile when the deploy fails', async () => {
    const env = { ...principalEnv, STAND_IN_PAC_FAIL: 'Request failed with status 403: Forbidden' };
    const result = await run({ environment: ENVIRONMENT }, { env });
    expect(result.error?.message).toContain(
      'pac connector create failed with exit code 1: Error: Request failed with status 403',
    );
    expect(result.error?.hint).toContain('application user');
    expect(await verbs()).toEqual(['auth create', 'connector create', 'auth delete']);
    expect((await pacProfiles(sandbox)).profiles).toEqual([]);
  });

  it('deletes the temporary profile when the update hangs and is stopped', async () => {
    const timeoutMs = await hangTimeoutMs();
    const env = { ...principalEnv, STAND_IN_PAC_HANG: '1' };
    const result = await run({ environment: ENVIRONMENT }, { env, timeoutMs });
    expect(result.error?.message).toMatch(/did not finish within/);
    expect(await verbs()).toEqual(['auth create', 'connector create', 'auth delete']);
    expect((await pacProfiles(sandbox)).profiles).toEqual([]);
  });

  it.each(['SIGINT', 'SIGTERM', 'SIGBREAK'])(
    'on %s stops pac, deletes the temporary profile and ends with 128 + the signal number',
    async (signal) => {
      const signals = new EventEmitter();
      const env = { ...principalEnv, STAND_IN_PAC_HANG: '1' };
      const pending = run({ environment: ENVIRONMENT }, { env, signals });
      // The signal comes once pac is deploying (the stand-in has recorded its connector call).
      while ((await connectorCalls()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      signals.emit(signal, signal);
      const result = await pending;
      expect(result.error?.message).toBe(`pac connector create was interrupted (${signal}) before it finished.`);
      expect(result.error?.exitCode).toBe({ SIGINT: 130, SIGTERM: 143, SIGBREAK: 149 }[signal]);
      expect(await verbs()).toEqual(['auth create', 'connector create', 'auth delete']);
      expect((await pacProfiles(sandbox)).profiles).toEqual([]);
      expect(signals.listenerCount(signal)).toBe(0);
    },
  );

  it('stops on a refused sign-in with a hint, deploys nothing and leaves no profile', async () => {
    const env = { ...principalEnv, STAND_IN_PAC_AUTH_FAIL: 'AADSTS7000215: Invalid client secret provided.' };
    const result = await run({ environment: ENVIRONMENT }, { env });
    expect(result.error?.message).toContain('pac auth create failed with exit code 1: Error: AADSTS7000215');
    expect(result.error?.hint).toContain("secret's value");
    expect(await connectorCalls()).toEqual([]);
    expect((await pacProfiles(sandbox)).profiles).toEqual([]);
  });

  it('names the missing variables when only some are set, as a usage error, before pac runs', async () => {
    const { AZURE_CLIENT_SECRET: _secret, ...partial } = principalEnv;
    const result = await run({ environment: ENVIRONMENT }, { env: partial });
    expect(result.error?.message).toBe(
      'AZURE_CLIENT_SECRET is not set, but the other service-principal variables are.',
    );
    expect(result.error?.exitCode).toBe(2);
    expect(await pacCalls(sandbox)).toEqual([]);
  });
});

describe('deploy --dry-run without the programs installed', () => {
  const withoutTools = () => ({
    ...sandbox.env,
    PATH: [join(sandbox.root, 'empty'), dirname(process.execPath)].join(delimiter),
  });

  it('prints the pac commands with the secret redacted, and a note that pac is missing', async () => {
    const env = { ...withoutTools(), AZURE_TENANT_ID: TENANT, AZURE_CLIENT_ID: CLIENT, AZURE_CLIENT_SECRET: secret };
    const result = await run(
      { environment: ENVIRONMENT, cloud: 'gcchigh', solution: 'Contoso', dryRun: true },
      { env },
    );
    expect(result.error).toBeUndefined();
    expect(result.stdout).toMatch(
      new RegExp(
        `^pac auth create --name acs-deploy-[0-9a-f]{8} --applicationId ${CLIENT} --clientSecret '\\*\\*\\*' --tenant ${TENANT} --cloud UsGovHigh --environment ${ENVIRONMENT}`,
        'm',
      ),
    );
    expect(result.stdout).toContain(
      `pac connector create --environment ${ENVIRONMENT} --api-definition-file ${join(connector, 'apiDefinition.swagger.json')}`,
    );
    expect(result.stdout).toContain('--solution-unique-name Contoso');
    expect(result.stdout).toMatch(/^pac auth delete --name acs-deploy-[0-9a-f]{8}$/m);
    expect(result.stdout).toContain('note: pac is not on PATH here.');
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(await pacCalls(sandbox)).toEqual([]);
  });

  it('prints the paconn command and notes what is missing when paconn and its login are absent', async () => {
    const bare = await makeSandbox({ withPaconn: false, withPac: false, tokenSecondsLeft: null });
    try {
      const result = await run(
        { environment: ENVIRONMENT, tool: 'paconn', dryRun: true },
        { env: { ...withoutTools(), HOME: bare.home }, cwd: bare.cwd },
      );
      expect(result.error).toBeUndefined();
      expect(result.stdout).toContain(`paconn create --env ${ENVIRONMENT} --api-def`);
      expect(result.stdout).toContain('note: paconn is not on PATH here');
      expect(result.stdout).toContain('Run `paconn login` before deploying.');
    } finally {
      await bare.cleanup();
    }
  });

  it('says pac is missing, with the install command, when it is not on PATH for a real deploy', async () => {
    const result = await run({ environment: ENVIRONMENT }, { env: withoutTools() });
    expect(result.error?.message).toContain('pac (the Power Platform CLI) is not on PATH');
    expect(result.error?.hint).toContain('dotnet tool install --global Microsoft.PowerApps.CLI.Tool');
  });
});
