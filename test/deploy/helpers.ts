import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { deploy, type DeployContext, type DeployOptions } from '../../src/deploy/deploy.ts';
import type { PreflightChecks } from '../../src/deploy/preflight.ts';
import type { UserError } from '../../src/shared/errors.ts';
import { writeStandInPaconn, type StandInCall } from './stand-in-paconn.ts';
import {
  standInPacProfilesFile,
  writeStandInPac,
  type StandInPacCall,
  type StandInPacProfiles,
} from './stand-in-pac.ts';

export const ENVIRONMENT = '6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';
export const CONNECTOR_ID_SHAPE = /^shared_acs-20identity-5f[0-9a-f]{18}$/;

export interface Sandbox {
  root: string;
  /** Working directory the deploy runs in. */
  cwd: string;
  home: string;
  bin: string;
  log: string;
  pacLog: string;
  /** Environment for the deploy: the stand-in first on PATH, then only node's own folder. */
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

export async function makeSandbox(
  options: { withPaconn?: boolean; withPac?: boolean; tokenSecondsLeft?: number | null } = {},
): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'acs-deploy-test-'));
  const cwd = join(root, 'work');
  const home = join(root, 'home');
  const bin = join(root, 'bin');
  const log = join(root, 'paconn-calls.jsonl');
  const pacLog = join(root, 'pac-calls.jsonl');
  await mkdir(cwd, { recursive: true });
  await mkdir(bin, { recursive: true });
  if (options.withPaconn ?? true) await writeStandInPaconn(bin);
  if (options.withPac ?? true) await writeStandInPac(bin);
  if (options.tokenSecondsLeft !== null) await writeToken(home, options.tokenSecondsLeft ?? 3600);
  const env: NodeJS.ProcessEnv = {
    PATH: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter),
    HOME: home,
    // Where Windows programs (and Node's os.homedir() there) look for the home folder.
    USERPROFILE: home,
    STAND_IN_PACONN_LOG: log,
    STAND_IN_PAC_LOG: pacLog,
  };
  return { root, cwd, home, bin, log, pacLog, env, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A paconn 0.0.21 token file; the token is random, made at run time. */
export async function writeToken(
  home: string,
  secondsLeft: number,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const accessToken = `eyJ0eXAiOiJKV1QifQ.${Buffer.from(randomUUID()).toString('base64url')}.${Buffer.from(randomUUID()).toString('base64url')}`;
  await mkdir(join(home, '.paconn'), { recursive: true });
  await writeFile(
    join(home, '.paconn', 'accessTokens.json'),
    JSON.stringify({
      token_type: 'Bearer',
      access_token: accessToken,
      expires_on: Math.floor(Date.now() / 1000) + secondsLeft,
      ...extra,
    }),
  );
  return accessToken;
}

export function paconnCalls(sandbox: Sandbox): Promise<StandInCall[]> {
  return readCalls<StandInCall>(sandbox.log);
}

export function pacCalls(sandbox: Sandbox): Promise<StandInPacCall[]> {
  return readCalls<StandInPacCall>(sandbox.pacLog);
}

/** The stand-in pac's profiles (names and active one) as it keeps them. */
export async function pacProfiles(sandbox: Sandbox): Promise<StandInPacProfiles> {
  try {
    return JSON.parse(await readFile(standInPacProfilesFile(sandbox.home), 'utf8')) as StandInPacProfiles;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { current: null, profiles: [] };
    throw error;
  }
}

/** A profile the user made before (`pac auth create` in a terminal), active. */
export async function seedPacProfile(sandbox: Sandbox, name: string): Promise<void> {
  const file = standInPacProfilesFile(sandbox.home);
  await mkdir(dirname(file), { recursive: true });
  const profiles: StandInPacProfiles = {
    current: name,
    profiles: [{ name, applicationId: '', tenant: '', cloud: 'Public' }],
  };
  await writeFile(file, JSON.stringify(profiles));
}

async function readCalls<Call>(log: string): Promise<Call[]> {
  try {
    const text = await readFile(log, 'utf8');
    // Only whole lines: a test that polls may read while a stand-in is still appending.
    return text
      .split('\n')
      .slice(0, -1)
      .map((line) => JSON.parse(line) as Call);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** The value after a flag in an argv. */
export function flagValue(argv: readonly string[], flag: string): string | undefined {
  const index = argv.indexOf(flag);
  return index >= 0 ? argv[index + 1] : undefined;
}

export function captureStream(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return { stream, text: () => text };
}

/**
 * A small connector folder for the tests that inject the package checks: its content only has to
 * be what paconn reads (the JSON files and the title the id derives from).
 */
export async function writeConnectorFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'apiDefinition.swagger.json'),
    JSON.stringify(
      {
        swagger: '2.0',
        info: { title: 'ACS Identity', description: 'Test.', version: '1.0' },
        host: 'example.communication.azure.com',
        paths: {},
      },
      null,
      2,
    ),
  );
  await writeFile(
    join(dir, 'apiProperties.json'),
    JSON.stringify(
      {
        properties: {
          publisher: 'Contoso',
          stackOwner: 'Microsoft',
          iconBrandColor: '#0b6a0b',
          connectionParameters: {},
        },
      },
      null,
      2,
    ),
  );
  await writeFile(join(dir, 'script.csx'), 'public class Script : ScriptBase { }\n');
  await writeFile(join(dir, 'icon.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
}

/** Package checks that find nothing: the deploy tests inject them (test/deploy/cli.test.ts runs the real ones). */
export const passingChecks: PreflightChecks = { checkPackage: async () => [], validate: async () => [] };

/** A sandbox with a connector folder (writeConnectorFolder) at `connector` beside its working directory. */
export async function sandboxWithConnector(): Promise<{ sandbox: Sandbox; connector: string }> {
  const sandbox = await makeSandbox();
  const connector = join(sandbox.root, 'connector');
  await writeConnectorFolder(connector);
  return { sandbox, connector };
}

/**
 * `deploy` on the connector in the sandbox, with passing checks, what it prints captured; a failure
 * comes back as `error` instead of being thrown.
 */
export async function deployInSandbox(
  target: { sandbox: Sandbox; connector: string },
  options: DeployOptions,
  overrides: Partial<DeployContext> = {},
): Promise<{
  outcome: Awaited<ReturnType<typeof deploy>> | undefined;
  error: UserError | undefined;
  stdout: string;
  stderr: string;
}> {
  const stdout = captureStream();
  const stderr = captureStream();
  const context: DeployContext = {
    cwd: target.sandbox.cwd,
    env: target.sandbox.env,
    stdout: stdout.stream,
    stderr: stderr.stream,
    checks: passingChecks,
    ...overrides,
  };
  let error: unknown;
  let outcome;
  try {
    outcome = await deploy({ dir: target.connector, ...options }, context);
  } catch (caught) {
    error = caught;
  }
  return { outcome, error: error as UserError | undefined, stdout: stdout.text(), stderr: stderr.text() };
}
