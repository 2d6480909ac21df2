import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { UserError } from '../shared/errors.ts';
import { deployableCommit } from './breaking.ts';
import { outcomeOf, type DeployContext, type DeployOutcome, type Prepared } from './context.ts';
import { watchInterrupts } from './interrupt.ts';
import { PACONN_INSTALL_HINT, connectorIdFromOutput, errorTextFromOutput, hintForFailure } from './paconn.ts';
import {
  PAC_INSTALL_HINT,
  connectorIdFromPacOutput,
  isTransientScriptFailure,
  pacErrorText,
  pacFailureHint,
} from './pac.ts';
import { planDeploy, type DeployFacts, type DeployPlan, type ToolCall } from './plan.ts';
import { runTool, type ToolResult } from './run-tool.ts';
import { saveSettings, type PaconnSettings } from './settings.ts';
import { shellCommand } from './shell-quote.ts';
import { CONNECTOR_ID } from './target.ts';

/** Signing in and out takes seconds; this bounds a sign-in service that does not answer. */
export const AUTH_TIMEOUT_MS = 2 * 60 * 1000;

type ExecuteContext = DeployContext & { timeoutMs: number };

interface Runner {
  run(call: ToolCall, options: { cancellable: boolean }): Promise<ToolResult>;
  progress(line: string): void;
}

/** Runs the plan in a scratch folder: sign in (pac with a service principal), create or update, sign out, record. */
export async function executePlan(prepared: Prepared, context: ExecuteContext): Promise<DeployOutcome> {
  const workDir = await mkdtemp(join(tmpdir(), 'acs-connector-deploy-'));
  const watch = watchInterrupts(context.signals ?? process);
  try {
    const facts: DeployFacts = { ...prepared.facts, workDir };
    const plan = planDeploy(facts);
    if (plan.propertiesCopy) await writeWithoutStackOwner(plan.propertiesCopy.from, plan.propertiesCopy.to);
    // What is about to be deployed, taken before the program runs.
    const deployed = await deployableCommit(prepared.dir);
    const runner = makeRunner(plan, prepared.loginSecrets, context, watch.signal);
    const id = await runSignedIn(plan, facts, runner);
    await record(id, plan, prepared, deployed, context);
    return outcomeOf(plan, id, false);
  } finally {
    watch.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}

function makeRunner(plan: DeployPlan, loginSecrets: string[], context: ExecuteContext, cancel: AbortSignal): Runner {
  const progress = (line: string) => context.stderr.write(`${line}\n`);
  const secrets = [...plan.secrets, ...loginSecrets];
  return {
    progress,
    run: (call, { cancellable }) => {
      progress(`Running: ${shellCommand([plan.program, ...call.shown])}`);
      return runTool(plan.program, call.args, {
        label: call.label,
        cwd: plan.workDir,
        env: { ...context.env, ...call.env },
        secrets,
        // Sign-in chatter is progress; the deploy's own output is the result.
        stdout: call.kind === 'deploy' ? context.stdout : context.stderr,
        stderr: context.stderr,
        timeoutMs: call.kind === 'deploy' ? context.timeoutMs : AUTH_TIMEOUT_MS,
        ...hintsFor(plan.tool, call),
        ...(cancellable ? { cancelSignal: cancel } : {}),
      });
    },
  };
}

function hintsFor(tool: DeployPlan['tool'], call: ToolCall) {
  if (tool === 'paconn') {
    return {
      installHint: PACONN_INSTALL_HINT,
      timeoutHint: 'Check the network connection to Power Platform (and --cloud), or allow more time with --timeout.',
      unfinishedHint:
        'The connector may or may not have changed: check Power Apps > Custom connectors before deploying again.',
    };
  }
  if (call.kind === 'auth') {
    return {
      installHint: PAC_INSTALL_HINT,
      timeoutHint: 'Check the network connection to Microsoft Entra ID and Power Platform, and --cloud.',
      unfinishedHint: 'Nothing was deployed.',
    };
  }
  return {
    installHint: PAC_INSTALL_HINT,
    timeoutHint:
      'pac connector updates are known to take long at times: allow more time with --timeout, and check the network connection to Power Platform.',
    unfinishedHint:
      'The connector may or may not have changed: check `pac connector list --environment <id>` (or Power Apps > Custom connectors) before deploying again.',
  };
}

/** Signs in when the plan says so, deploys, and always signs out again after a sign-in was tried. */
async function runSignedIn(plan: DeployPlan, facts: DeployFacts, runner: Runner): Promise<string> {
  let attempted = false;
  let signedIn = false;
  try {
    if (plan.signIn) {
      attempted = true;
      const result = await runner.run(plan.signIn, { cancellable: true });
      if (result.exitCode !== 0) throw failure(plan.signIn, result, plan, facts);
      signedIn = true;
    }
    return await createOrUpdate(plan, facts, runner);
  } finally {
    if (plan.signOut && attempted) await signOut(plan.signOut, signedIn, runner);
  }
}

/** Removes the temporary profile; a failure is a warning (the deploy's own result stands). */
async function signOut(call: ToolCall, warn: boolean, runner: Runner): Promise<void> {
  const profile = call.args[call.args.indexOf('--name') + 1];
  const advice = `remove it with \`pac auth delete --name ${profile}\`, since it holds the service principal's sign-in.`;
  try {
    const result = await runner.run(call, { cancellable: false });
    if (result.exitCode !== 0 && warn) {
      runner.progress(`warning: the temporary pac profile ${profile} could not be removed; ${advice}`);
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    if (warn) runner.progress(`warning: ${error.message} The temporary pac profile ${profile} may remain; ${advice}`);
  }
}

/** The create or update, tried once more when pac reports the transient CustomScriptProvisioningFailed. */
async function createOrUpdate(plan: DeployPlan, facts: DeployFacts, runner: Runner): Promise<string> {
  const first = await runner.run(plan.deploy, { cancellable: true });
  if (first.exitCode === 0) return connectorIdAfter(plan, facts, first);
  if (plan.tool !== 'pac' || !isTransientScriptFailure(first.stdout + first.stderr)) {
    throw failure(plan.deploy, first, plan, facts);
  }
  // The platform refuses the whole row on this failure, so the same create or update is run again.
  runner.progress(
    `${plan.deploy.label} reported CustomScriptProvisioningFailed, which the platform often reports transiently; trying once more.`,
  );
  const second = await runner.run(plan.deploy, { cancellable: true });
  if (second.exitCode !== 0) throw failure(plan.deploy, second, plan, facts);
  return connectorIdAfter(plan, facts, second);
}

function failure(call: ToolCall, result: ToolResult, plan: DeployPlan, facts: DeployFacts): UserError {
  const output = `${result.stdout}\n${result.stderr}`;
  const text =
    plan.tool === 'pac'
      ? pacErrorText(result.stdout, result.stderr)
      : errorTextFromOutput(result.stderr, result.stdout);
  const hint =
    plan.tool === 'pac'
      ? pacFailureHint(text, {
          action: plan.action,
          usedPrincipal: facts.principal !== undefined,
          printedUsage: /^\s*Usage:/m.test(output),
        })
      : hintForFailure(text, result.exitCode, plan.action);
  return new UserError(`${call.label} failed with exit code ${result.exitCode}: ${text}`, {
    hint,
    exitCode: result.exitCode,
  });
}

async function connectorIdAfter(plan: DeployPlan, facts: DeployFacts, result: ToolResult): Promise<string> {
  if (plan.action === 'update') return facts.connectorId!;
  const id =
    plan.tool === 'pac'
      ? connectorIdFromPacOutput(`${result.stdout}\n${result.stderr}`)
      : (connectorIdFromOutput(result.stderr, 'created') ?? (await connectorIdFromPaconnSettings(facts.workDir)));
  if (id !== undefined) return id;
  const find =
    plan.tool === 'pac'
      ? `Find the new connector with \`pac connector list --environment ${facts.environment}\``
      : 'Find the new connector in Power Apps (Custom connectors)';
  throw new UserError(`${plan.tool} create reported success but printed no connector id, so it could not be saved.`, {
    hint: `${find} and put its id in the settings file as "connectorId" (or pass --connector-id) before deploying again, or the next deploy creates a second connector.`,
  });
}

async function record(
  id: string,
  plan: DeployPlan,
  prepared: Prepared,
  deployed: { commit: string } | { reason: string },
  context: DeployContext,
): Promise<void> {
  const { settingsPath } = prepared;
  const update: PaconnSettings = {
    ...plan.record,
    connectorId: id,
    // Without a commit, an older record would describe something that is no longer deployed.
    deployedCommit: 'commit' in deployed ? deployed.commit : undefined,
  };
  try {
    await saveSettings(settingsPath, prepared.facts.saved, update);
  } catch (error) {
    throw new UserError(
      `Connector ${id} was ${plan.action}d, but ${settingsPath} could not be written: ${(error as Error).message}.`,
      {
        hint: `Save "connectorId": "${id}" and "tool": "${plan.tool}" yourself, or pass --connector-id ${id} next time, so the next deploy updates this connector.`,
      },
    );
  }
  if ('reason' in deployed) {
    context.stderr.write(
      `warning: no deployed version was recorded because ${deployed.reason}, so the next deploy cannot check for breaking changes. Deploy from a clean commit to record one.\n`,
    );
  }
  const where = plan.record.solution === undefined ? '' : ` (solution ${plan.record.solution})`;
  context.stdout.write(
    `${plan.action === 'create' ? 'Created' : 'Updated'} connector ${id} in environment ${plan.record.environment}${where}; settings saved to ${settingsPath}.\n`,
  );
}

/** update refuses stackOwner; the program gets a copy without it. */
export async function writeWithoutStackOwner(source: string, target: string): Promise<void> {
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
