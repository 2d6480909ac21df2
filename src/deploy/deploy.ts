import { stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { runGit } from '../shared/git.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import { CONNECTOR_FILES, requireConnectorFolder, type ConnectorFileKey } from '../connector-folder/index.ts';
import { checkAgainstDeployed } from './breaking.ts';
import { parseCloud, type CloudId } from './clouds.ts';
import { findOnPath } from './find-tool.ts';
import { checkLogin, findPaconn } from './paconn.ts';
import { PAC_INSTALL_HINT, findPac, servicePrincipalFromEnv } from './pac.ts';
import { planDeploy, type DeployFacts } from './plan.ts';
import { outcomeOf, type DeployContext, type DeployOutcome, type Prepared } from './context.ts';
import { loadPreflightChecks, runPreflight } from './preflight.ts';
import { executePlan } from './execute.ts';
import {
  DEFAULT_DEPLOY_TIMEOUT_MS,
  DEPLOY_TOOLS,
  readSettings,
  type DeployTool,
  type PaconnSettings,
} from './settings.ts';
import { shellCommand } from './shell-quote.ts';
import { checkConnectorId, checkEnvironmentId, resolveTarget } from './target.ts';

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
  /** paconn or pac; default the settings file's, else paconn. */
  tool?: string;
  /** pac only: the unique name of the solution to put the connector in. */
  solution?: string;
  /** How long the create or update may run; default DEFAULT_DEPLOY_TIMEOUT_MS. */
  timeoutSeconds?: number;
}

export type { DeployContext, DeployOutcome };

/** `acs-connector deploy`: checks, then paconn or pac create or update (the plan), then its execution. */
export async function deploy(options: DeployOptions, context: DeployContext): Promise<DeployOutcome> {
  const prepared = await prepare(options, context);
  if (options.dryRun) return printDryRun(prepared, context);
  return executePlan(prepared, {
    ...context,
    timeoutMs: context.timeoutMs ?? (options.timeoutSeconds ?? DEFAULT_DEPLOY_TIMEOUT_MS / 1000) * 1000,
  });
}

async function prepare(options: DeployOptions, context: DeployContext): Promise<Prepared> {
  const dir = resolve(context.cwd, options.dir ?? REPOSITORY_ROOT);
  const settingsPath = resolve(context.cwd, options.settings ?? 'settings.json');
  const flags = parseFlags(options);
  const files = await connectorFiles(dir, options.dir !== undefined);
  const progress = (line: string) => context.stderr.write(`${line}\n`);

  // 1. The package must be current and valid before anything reaches the platform.
  progress(`Checking the connector package in ${dir}…`);
  await runPreflight(dir, context.checks ?? (await loadPreflightChecks()), {
    compileScript: options.compile ?? true,
    warn: progress,
  });
  // 2. The program and its sign-in, never starting an interactive one.
  const saved = await readSettings(settingsPath);
  const tool = flags.tool ?? saved.tool ?? 'paconn';
  checkSolutionFlag(tool, options.solution);
  const signIn = await findProgram(tool, context, options.dryRun === true);
  // 3. Where to: flags, then the settings file, then POWER_PLATFORM_ENVIRONMENT.
  const target = resolveTarget(options, tool, flags.cloud, saved, settingsPath, context.env);
  if (tool === 'pac' && signIn.facts.principal === undefined && flags.cloud !== undefined) {
    progress(
      `note: pac uses the cloud of its active profile; --cloud ${flags.cloud} applies to a service principal's sign-in.`,
    );
  }
  await refuseTrackedFile(settingsPath);
  // 4. An update must not break the flows built on what is deployed now.
  const verdict =
    target.connectorId === undefined
      ? []
      : await checkAgainstDeployed({
          dir,
          connectorId: target.connectorId,
          saved,
          settingsPath,
          allowBreaking: options.allowBreaking === true,
          progress,
        });
  const facts = {
    tool,
    ...signIn.facts,
    files,
    ...target,
    solution: solutionFor(options, saved, target.connectorId),
    saved,
  };
  return { dir, settingsPath, facts, loginSecrets: signIn.loginSecrets, verdict, notes: signIn.notes };
}

/** Flag values checked before any work, so a typo is a usage error that costs nothing. */
function parseFlags(options: DeployOptions): { tool: DeployTool | undefined; cloud: CloudId | undefined } {
  const tool = options.tool === undefined ? undefined : parseTool(options.tool);
  const cloud = options.cloud === undefined ? undefined : parseCloud(options.cloud);
  if (options.environment !== undefined) checkEnvironmentId(options.environment, '--environment');
  if (options.connectorId !== undefined) checkConnectorId(options.connectorId, '--connector-id', tool ?? 'paconn');
  return { tool, cloud };
}

function parseTool(value: string): DeployTool {
  if ((DEPLOY_TOOLS as readonly string[]).includes(value)) return value as DeployTool;
  throw new UserError(`--tool "${value}" is not a deployment program this tool drives.`, {
    hint: `Use one of: ${DEPLOY_TOOLS.join(', ')}.`,
    exitCode: EXIT_STATUS.usage,
  });
}

const SOLUTION_NAME = /^[A-Za-z0-9_]{1,256}$/;

function checkSolutionFlag(tool: DeployTool, solution: string | undefined): void {
  if (solution === undefined) return;
  if (tool !== 'pac') {
    throw new UserError('--solution needs --tool pac: paconn creates connectors outside solutions.', {
      hint: 'Add --tool pac (signed in with `pac auth`, or AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET).',
      exitCode: EXIT_STATUS.usage,
    });
  }
  if (!SOLUTION_NAME.test(solution)) {
    throw new UserError(`--solution "${solution}" is not a solution's unique name.`, {
      hint: 'A unique name has only letters, digits and underscores (Solutions > your solution > Name), e.g. ContosoConnectors.',
      exitCode: EXIT_STATUS.usage,
    });
  }
}

/** The flag's solution, else the one recorded with the connector being updated. */
function solutionFor(
  options: DeployOptions,
  saved: PaconnSettings,
  connectorId: string | undefined,
): string | undefined {
  if (options.solution !== undefined) return options.solution;
  return connectorId !== undefined && connectorId === saved.connectorId ? saved.solution : undefined;
}

interface ProgramFound {
  facts: Pick<DeployFacts, 'program' | 'principal' | 'profileName' | 'platform'>;
  loginSecrets: string[];
  notes: string[];
}

/** The program on PATH and its sign-in. A dry run goes on without either, and says so. */
async function findProgram(tool: DeployTool, context: DeployContext, dryRun: boolean): Promise<ProgramFound> {
  const notes: string[] = [];
  const base = {
    principal: undefined,
    profileName: `acs-deploy-${randomBytes(4).toString('hex')}`,
    platform: process.platform,
  };
  if (tool === 'paconn') {
    if (!dryRun) {
      const program = await findPaconn(context.env);
      return { facts: { ...base, program }, loginSecrets: await checkLogin(context.env, context.now), notes };
    }
    const program = await findOnPath('paconn', context.env);
    if (program === undefined)
      notes.push('paconn is not on PATH here: install it (`pip install paconn`) before deploying.');
    const loginSecrets = await checkLogin(context.env, context.now).catch((error: unknown) => {
      if (!(error instanceof UserError)) throw error;
      notes.push(`${error.message} Run \`paconn login\` before deploying.`);
      return [];
    });
    return { facts: { ...base, program: program ?? 'paconn' }, loginSecrets, notes };
  }
  const principal = servicePrincipalFromEnv(context.env);
  const program = await findPac(context.env);
  if (program === undefined && !dryRun) {
    throw new UserError(
      'pac (the Power Platform CLI) is not on PATH, so the connector cannot be deployed with --tool pac.',
      {
        hint: PAC_INSTALL_HINT,
      },
    );
  }
  if (program === undefined) notes.push(`pac is not on PATH here. ${PAC_INSTALL_HINT}`);
  if (principal === undefined)
    notes.push(
      "No service principal is set (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET), so pac's active profile (`pac auth list`) would be used.",
    );
  return { facts: { ...base, program: program ?? 'pac', principal }, loginSecrets: [], notes };
}

function printDryRun(prepared: Prepared, context: DeployContext): DeployOutcome {
  const plan = planDeploy({ ...prepared.facts, workDir: '<new temporary folder>' });
  const out = (line: string) => context.stdout.write(`${line}\n`);
  for (const line of prepared.verdict) out(line);
  out('Dry run: nothing was run. The deploy would run, in a new empty temporary folder:');
  for (const call of [plan.signIn, plan.deploy, plan.signOut]) {
    if (call) out(shellCommand([plan.program, ...call.shown]));
  }
  if (plan.deploy.env.PAC_CLI_SPN_SECRET !== undefined) {
    out(
      '(pac connector gets the client secret in its environment as PAC_CLI_SPN_SECRET, to sign in again during a long run.)',
    );
  }
  if (plan.propertiesCopy) {
    out(
      `(${plan.propertiesCopy.to} would be a copy of ${plan.propertiesCopy.from} without stackOwner, deleted afterwards.)`,
    );
  } else {
    out(`(The new connector id would be saved to ${prepared.settingsPath}.)`);
  }
  for (const note of prepared.notes) out(`note: ${note}`);
  return outcomeOf(plan, prepared.facts.connectorId, true);
}

async function connectorFiles(dir: string, fromFlag: boolean): Promise<Record<ConnectorFileKey, string>> {
  // A --dir naming no folder (or a file) is told as such, as by validate and diff.
  if (fromFlag) requireConnectorFolder(dir);
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
      exitCode: EXIT_STATUS.usage,
    });
  }
  const result = await runGit(['ls-files', '--error-unmatch', '--', path], { cwd: dirname(path) });
  if (result.exitCode === 0) {
    throw new UserError(`The settings file ${path} is tracked by git, and a deploy writes to it.`, {
      hint: 'Use an untracked settings file (settings.json is git-ignored in this repository) via --settings.',
    });
  }
}
