import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { UserError } from '../shared/errors.ts';
import { runGit } from '../shared/git.ts';
import { DEFAULT_POWER_APPS_URL, POWER_APPS_API_VERSION, parseCloud, sameUrl } from './clouds.ts';
import { checkAgainstDeployed, deployableCommit } from './breaking.ts';
import {
  checkLogin,
  connectorIdFromOutput,
  errorTextFromOutput,
  findPaconn,
  hintForFailure,
  runPaconn,
} from './paconn.ts';
import { loadPreflightChecks, runPreflight, type PreflightChecks } from './preflight.ts';
import { readSettings, saveSettings, type PaconnSettings } from './settings.ts';
import { shellCommand } from './shell-quote.ts';
import { CONNECTOR_ID, checkConnectorId, checkEnvironmentId, resolveTarget } from './target.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import { CONNECTOR_FILES, requireConnectorFolder, type ConnectorFileKey } from '../connector-folder/index.ts';

export interface DeployOptions {
  /** Connector folder; default the repository root. */
  dir?: string;
  environment?: string;
  /** Settings file; default ./settings.json. */
  settings?: string;
  connectorId?: string;
  cloud?: string;
  dryRun?: boolean;
  /** Compile script.csx in the .NET host during the checks (default true). */
  compile?: boolean;
  /** Deploy even when the package breaks flows built on the deployed version. */
  allowBreaking?: boolean;
}

export interface DeployContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** The package checks; by default the project's own build check and validator. */
  checks?: PreflightChecks;
  now?: Date;
  /** How long paconn may run; default PACONN_TIMEOUT_MS. */
  paconnTimeoutMs?: number;
}

export interface DeployOutcome {
  action: 'create' | 'update';
  /** The exact argv given to paconn (the first word is paconn's path). */
  command: string[];
  connectorId?: string;
  dryRun: boolean;
}

/** `acs-connector deploy`: checks, then paconn create or update, in the order of issue 6. */
export async function deploy(options: DeployOptions, context: DeployContext): Promise<DeployOutcome> {
  const dir = resolve(context.cwd, options.dir ?? REPOSITORY_ROOT);
  const settingsPath = resolve(context.cwd, options.settings ?? 'settings.json');
  const cloudFlag = options.cloud === undefined ? undefined : parseCloud(options.cloud);
  if (options.environment !== undefined) checkEnvironmentId(options.environment, '--environment');
  if (options.connectorId !== undefined) checkConnectorId(options.connectorId, '--connector-id');
  const files = await connectorFiles(dir, options.dir !== undefined);
  const progress = (line: string) => context.stderr.write(`${line}\n`);

  // 1. The package must be current and valid before anything reaches the platform.
  progress(`Checking the connector package in ${dir}…`);
  await runPreflight(dir, context.checks ?? (await loadPreflightChecks()), {
    compileScript: options.compile ?? true,
    warn: progress,
  });

  // 2. and 3. paconn and its login, never starting one.
  const paconn = await findPaconn(context.env);
  const secrets = await checkLogin(context.env, context.now);

  // 4. Environment: flag, settings file, then POWER_PLATFORM_ENVIRONMENT.
  const saved = await readSettings(settingsPath);
  const { environment, connectorId, powerAppsUrl } = resolveTarget(
    options,
    cloudFlag,
    saved,
    settingsPath,
    context.env,
  );
  await refuseTrackedFile(settingsPath);

  const action = connectorId === undefined ? 'create' : 'update';
  // 5. An update must not break the flows built on what is deployed now.
  const verdict =
    action === 'update'
      ? await checkAgainstDeployed({
          dir,
          connectorId: connectorId!,
          saved,
          settingsPath,
          allowBreaking: options.allowBreaking === true,
          progress,
        })
      : [];
  const sovereign = sameUrl(powerAppsUrl, DEFAULT_POWER_APPS_URL) ? [] : ['--pau', powerAppsUrl];
  const workDir = options.dryRun ? '<new temporary folder>' : await mkdtemp(join(tmpdir(), 'acs-connector-deploy-'));
  try {
    const apiProperties = action === 'create' ? files.properties : join(workDir, CONNECTOR_FILES.properties);
    const args = [
      action,
      '--env',
      environment,
      ...(connectorId === undefined ? [] : ['--cid', connectorId]),
      '--api-def',
      files.definition,
      '--api-prop',
      apiProperties,
      '--script',
      files.script,
      '--icon',
      files.icon,
      ...sovereign,
    ];
    const command = [paconn, ...args];

    if (options.dryRun) {
      for (const line of verdict) context.stdout.write(`${line}\n`);
      context.stdout.write(
        `Dry run: nothing was run. The deploy would run, in a new empty temporary folder:\n${shellCommand(command)}\n`,
      );
      if (action === 'update') {
        context.stdout.write(
          `(${apiProperties} would be a copy of ${files.properties} without stackOwner, deleted afterwards.)\n`,
        );
      } else {
        context.stdout.write(`(The new connector id would be saved to ${settingsPath}.)\n`);
      }
      return { action, command, connectorId, dryRun: true };
    }

    if (action === 'update') await writeWithoutStackOwner(files.properties, apiProperties);
    // What is about to be deployed, taken before paconn runs.
    const deployed = await deployableCommit(dir);
    progress(`Running: ${shellCommand(command)}`);
    const result = await runPaconn(paconn, args, {
      cwd: workDir,
      env: { ...context.env, PYTHONUNBUFFERED: '1' },
      secrets,
      stdout: context.stdout,
      stderr: context.stderr,
      timeoutMs: context.paconnTimeoutMs,
    });
    if (result.exitCode !== 0) {
      const text = errorTextFromOutput(result.stderr, result.stdout);
      throw new UserError(`paconn ${action} failed with exit code ${result.exitCode}: ${text}`, {
        hint: hintForFailure(text, result.exitCode, action),
        exitCode: result.exitCode,
      });
    }

    const id =
      action === 'update'
        ? connectorId!
        : (connectorIdFromOutput(result.stderr, 'created') ?? (await connectorIdFromPaconnSettings(workDir)));
    if (id === undefined) {
      throw new UserError('paconn create reported success but printed no connector id, so it could not be saved.', {
        hint: `Find the new connector in Power Apps (Custom connectors) and put its id in ${settingsPath} as "connectorId" before deploying again, or the next deploy creates a second connector.`,
      });
    }
    const update: PaconnSettings = {
      connectorId: id,
      environment,
      apiDefinition: files.definition,
      apiProperties: files.properties,
      script: files.script,
      icon: files.icon,
      powerAppsUrl,
      powerAppsApiVersion: saved.powerAppsApiVersion ?? POWER_APPS_API_VERSION,
      // Without a commit, an older record would describe something that is no longer deployed.
      deployedCommit: 'commit' in deployed ? deployed.commit : undefined,
    };
    try {
      await saveSettings(settingsPath, saved, update);
    } catch (error) {
      throw new UserError(
        `Connector ${id} was ${action}d, but ${settingsPath} could not be written: ${(error as Error).message}.`,
        {
          hint: `Save "connectorId": "${id}" yourself, or pass --connector-id ${id} next time, so the next deploy updates this connector.`,
        },
      );
    }
    if ('reason' in deployed) {
      progress(
        `warning: no deployed version was recorded because ${deployed.reason}, so the next deploy cannot check for breaking changes. Deploy from a clean commit to record one.`,
      );
    }
    context.stdout.write(
      `${action === 'create' ? 'Created' : 'Updated'} connector ${id} in environment ${environment}; settings saved to ${settingsPath}.\n`,
    );
    return { action, command, connectorId: id, dryRun: false };
  } finally {
    if (!options.dryRun) await rm(workDir, { recursive: true, force: true });
  }
}

async function connectorFiles(dir: string, fromFlag: boolean): Promise<Record<ConnectorFileKey, string>> {
  // A --dir naming no folder (or a file) is told as such, as by validate and diff.
  if (fromFlag) await requireConnectorFolder(dir);
  const where = fromFlag ? `--dir ${dir}` : `the repository root ${dir}`;
  const entries = Object.entries(CONNECTOR_FILES).map(([key, name]) => [key, join(dir, name)] as const);
  const missing: string[] = [];
  for (const [, path] of entries) {
    if (
      !(await stat(path).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      missing.push(path);
  }
  if (missing.length > 0) {
    // paconn would silently skip a missing script or icon (and an update would delete the live script).
    throw new UserError(
      `The connector folder (${where}) lacks ${missing.map((p) => p.slice(dir.length + 1)).join(', ')}.`,
      {
        hint: 'Point --dir at a folder holding apiDefinition.swagger.json, apiProperties.json, script.csx and icon.png (run `npm run build` in the repository to generate them).',
        // A --dir naming no usable folder is a usage error; an unbuilt repository is not.
        exitCode: fromFlag ? 2 : 1,
      },
    );
  }
  return Object.fromEntries(entries) as Record<ConnectorFileKey, string>;
}

/** The deploy must never change a tracked file; the settings file is the one file it writes. */
async function refuseTrackedFile(path: string): Promise<void> {
  if (
    !(await stat(dirname(path)).then(
      (s) => s.isDirectory(),
      () => false,
    ))
  ) {
    throw new UserError(`The folder of the settings file ${path} does not exist.`, {
      hint: 'Create it, or pass --settings with a path in an existing folder.',
      exitCode: 2,
    });
  }
  const result = await runGit(['ls-files', '--error-unmatch', '--', path], { cwd: dirname(path) });
  if (result.exitCode === 0) {
    throw new UserError(`The settings file ${path} is tracked by git, and a deploy writes to it.`, {
      hint: 'Use an untracked settings file (settings.json is git-ignored in this repository) via --settings.',
    });
  }
}

/** update refuses stackOwner; paconn gets a copy without it. */
async function writeWithoutStackOwner(source: string, target: string): Promise<void> {
  let document: unknown;
  try {
    document = JSON.parse(await readFile(source, 'utf8'));
  } catch (error) {
    throw new UserError(`${source} is not valid JSON (${(error as Error).message}).`, {
      hint: 'Run `npm run build` to regenerate it.',
    });
  }
  if (typeof document === 'object' && document !== null) {
    const record = document as { stackOwner?: unknown; properties?: { stackOwner?: unknown } };
    delete record.stackOwner;
    if (typeof record.properties === 'object' && record.properties !== null) delete record.properties.stackOwner;
  }
  await writeFileAtomic(target, `${JSON.stringify(document, null, 2)}\n`);
}

async function connectorIdFromPaconnSettings(workDir: string): Promise<string | undefined> {
  try {
    const written = JSON.parse(await readFile(join(workDir, 'settings.json'), 'utf8')) as PaconnSettings;
    return typeof written.connectorId === 'string' && CONNECTOR_ID.test(written.connectorId)
      ? written.connectorId
      : undefined;
  } catch {
    return undefined;
  }
}
