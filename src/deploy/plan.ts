import { join } from 'node:path';
import { CONNECTOR_FILES, type ConnectorFileKey } from '../connector-folder/index.ts';
import { CLOUDS, DEFAULT_POWER_APPS_URL, POWER_APPS_API_VERSION, cloudOfPowerAppsUrl, sameUrl } from './clouds.ts';
import { pacAuthCreateArgs, pacAuthDeleteArgs, pacConnectorArgs, type ServicePrincipal } from './pac.ts';
import type { DeployTool, PaconnSettings } from './settings.ts';

/** Shown instead of a secret wherever a command is printed. */
export const REDACTED = '***';

/** One run of paconn or pac. */
export interface ToolCall {
  /** How messages name it: `paconn create`, `pac auth create`. */
  label: string;
  /** The argv after the program. */
  args: string[];
  /** `args` with every secret replaced by ***, for printing. */
  shown: string[];
  /** Variables added to the program's environment. */
  env: Record<string, string>;
  /** Signing in and out is quick; the deploy call gets the deploy's --timeout. */
  kind: 'auth' | 'deploy';
}

/** Everything a deploy has found out before it runs anything: the plan is a function of these. */
export interface DeployFacts {
  tool: DeployTool;
  /** The program's absolute path, or its bare name when it is not installed (dry run). */
  program: string;
  files: Record<ConnectorFileKey, string>;
  environment: string;
  /** Undefined: no connector yet, so create. */
  connectorId: string | undefined;
  powerAppsUrl: string;
  /** pac only: the solution the connector goes in. */
  solution: string | undefined;
  /** pac only: sign in as this service principal in a temporary profile. */
  principal: ServicePrincipal | undefined;
  /** The folder the program runs in (holds the apiProperties copy for an update). */
  workDir: string;
  /** The temporary pac profile's name. */
  profileName: string;
  platform: NodeJS.Platform;
  saved: PaconnSettings;
}

export interface DeployPlan {
  tool: DeployTool;
  program: string;
  action: 'create' | 'update';
  workDir: string;
  /** An update gets apiProperties.json without stackOwner, which the platform refuses on update. */
  propertiesCopy: { from: string; to: string } | undefined;
  signIn: ToolCall | undefined;
  deploy: ToolCall;
  signOut: ToolCall | undefined;
  /** Values to scrub from all output. */
  secrets: string[];
  /** What the settings file records after success, besides connectorId and deployedCommit. */
  record: PaconnSettings;
}

/** The deploy as data: which programs run with which arguments, and what is saved. Runs nothing. */
export function planDeploy(facts: DeployFacts): DeployPlan {
  const action = facts.connectorId === undefined ? 'create' : 'update';
  const propertiesCopy =
    action === 'update'
      ? { from: facts.files.properties, to: join(facts.workDir, CONNECTOR_FILES.properties) }
      : undefined;
  const principal = facts.tool === 'pac' ? facts.principal : undefined;
  return {
    tool: facts.tool,
    program: facts.program,
    action,
    workDir: facts.workDir,
    propertiesCopy,
    signIn: principal && signInCall(facts, principal),
    deploy: deployCall(facts, action, propertiesCopy?.to ?? facts.files.properties),
    signOut: principal && signOutCall(facts.profileName),
    secrets: principal ? [principal.clientSecret] : [],
    record: recordOf(facts),
  };
}

/** The create or update call. */
function deployCall(facts: DeployFacts, action: 'create' | 'update', properties: string): ToolCall {
  const { files, connectorId } = facts;
  if (facts.tool === 'pac') {
    const args = pacConnectorArgs({
      action,
      environment: facts.environment,
      connectorId,
      ...files,
      properties,
      solution: facts.solution,
    });
    // pac reads the secret from PAC_CLI_SPN_SECRET when it must sign in again during a long run.
    const env: Record<string, string> = facts.principal ? { PAC_CLI_SPN_SECRET: facts.principal.clientSecret } : {};
    return { label: `pac connector ${action}`, args, shown: args, env, kind: 'deploy' };
  }
  const sovereign = sameUrl(facts.powerAppsUrl, DEFAULT_POWER_APPS_URL) ? [] : ['--pau', facts.powerAppsUrl];
  const args = [
    action,
    '--env',
    facts.environment,
    ...(connectorId === undefined ? [] : ['--cid', connectorId]),
    '--api-def',
    files.definition,
    '--api-prop',
    properties,
    '--script',
    files.script,
    '--icon',
    files.icon,
    ...sovereign,
  ];
  return { label: `paconn ${action}`, args, shown: args, env: { PYTHONUNBUFFERED: '1' }, kind: 'deploy' };
}

function signInCall(facts: DeployFacts, principal: ServicePrincipal): ToolCall {
  const cloud = CLOUDS[cloudOfPowerAppsUrl(facts.powerAppsUrl) ?? 'public'].pacCloud;
  const args = pacAuthCreateArgs(facts.profileName, principal, cloud, facts.environment, facts.platform);
  const shown = args.map((word) => (word === principal.clientSecret ? REDACTED : word));
  return { label: 'pac auth create', args, shown, env: {}, kind: 'auth' };
}

function signOutCall(profileName: string): ToolCall {
  const args = pacAuthDeleteArgs(profileName);
  return { label: 'pac auth delete', args, shown: args, env: {}, kind: 'auth' };
}

function recordOf(facts: DeployFacts): PaconnSettings {
  const { files } = facts;
  const common: PaconnSettings = {
    tool: facts.tool,
    environment: facts.environment,
    apiDefinition: files.definition,
    apiProperties: files.properties,
    script: files.script,
    icon: files.icon,
    powerAppsUrl: facts.powerAppsUrl,
  };
  if (facts.tool === 'pac') return { ...common, ...(facts.solution === undefined ? {} : { solution: facts.solution }) };
  return { ...common, powerAppsApiVersion: facts.saved.powerAppsApiVersion ?? POWER_APPS_API_VERSION };
}
