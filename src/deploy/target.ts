import { UserError } from '../shared/errors.ts';
import { CLOUDS, DEFAULT_POWER_APPS_URL, sameUrl, type CloudId } from './clouds.ts';
import { isPacConnectorId } from './pac.ts';
import type { DeployTool, PaconnSettings } from './settings.ts';

/** Where a deploy goes: flags first, then the settings file, then the process environment. */
export interface DeployTarget {
  environment: string;
  /** Undefined: no connector yet, so paconn create. */
  connectorId: string | undefined;
  powerAppsUrl: string;
}

const ENVIRONMENT_ID = /^(default-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const CONNECTOR_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,255}$/;

export function resolveTarget(
  flags: { environment?: string; connectorId?: string },
  tool: DeployTool,
  cloud: CloudId | undefined,
  saved: PaconnSettings,
  settingsPath: string,
  env: NodeJS.ProcessEnv,
): DeployTarget {
  const environment = pickEnvironment(flags, saved, settingsPath, env);
  const connectorId = pickConnectorId(flags, tool, saved, settingsPath, environment);
  const powerAppsUrl = pickPowerAppsUrl(
    cloud,
    saved,
    settingsPath,
    connectorId !== undefined && flags.connectorId === undefined,
  );
  return { environment, connectorId, powerAppsUrl };
}

/** A bad flag value is a usage error (exit 2); a bad value in a file or variable is not. */
const exitCodeFor = (source: string) => (source.startsWith('--') ? 2 : 1);

export function checkEnvironmentId(value: string, source: string): void {
  if (!ENVIRONMENT_ID.test(value)) {
    throw new UserError(`${source} "${value}" is not a Power Platform environment id.`, {
      hint: 'An environment id is a GUID such as 00000000-0000-0000-0000-000000000000 (the default environment: Default-<tenant GUID>). Find it in the Power Platform admin center > Environments > your environment > Environment ID.',
      exitCode: exitCodeFor(source),
    });
  }
}

export function checkConnectorId(value: string, source: string, tool: DeployTool): void {
  if (tool === 'pac' && !isPacConnectorId(value)) {
    throw new UserError(`${source} "${value}" is not a connector id pac knows: pac names connectors by GUID.`, {
      hint: 'pac prints the GUID after `Connector created with ID`; `pac connector list --environment <id>` lists them. A paconn id (shared_…) cannot be updated with pac.',
      exitCode: exitCodeFor(source),
    });
  }
  if (!CONNECTOR_ID.test(value)) {
    throw new UserError(`${source} "${value}" is not a custom connector id.`, {
      hint: 'A connector id looks like shared_acs-20identity-5f0123456789abcdef; paconn prints it after `created successfully`.',
      exitCode: exitCodeFor(source),
    });
  }
}

function pickEnvironment(
  options: { environment?: string },
  saved: PaconnSettings,
  settingsPath: string,
  env: NodeJS.ProcessEnv,
): string {
  if (options.environment !== undefined) return options.environment;
  if (saved.environment) {
    checkEnvironmentId(saved.environment, `"environment" in ${settingsPath}`);
    return saved.environment;
  }
  const fromEnv = env.POWER_PLATFORM_ENVIRONMENT?.trim();
  if (fromEnv) {
    checkEnvironmentId(fromEnv, 'POWER_PLATFORM_ENVIRONMENT');
    return fromEnv;
  }
  throw new UserError(
    'No Power Platform environment given, so paconn would have to ask for one (and cannot without a terminal).',
    {
      hint: `Pass --environment <environment id>, put "environment" in ${settingsPath}, or set POWER_PLATFORM_ENVIRONMENT.`,
    },
  );
}

function pickConnectorId(
  options: { connectorId?: string },
  tool: DeployTool,
  saved: PaconnSettings,
  settingsPath: string,
  environment: string,
): string | undefined {
  if (options.connectorId !== undefined) return options.connectorId;
  if (!saved.connectorId) return undefined;
  const savedTool = saved.tool ?? 'paconn';
  if (savedTool !== tool) {
    throw new UserError(
      `${settingsPath} records connector ${saved.connectorId}, deployed with ${savedTool}, so --tool ${tool} cannot update it from this file.`,
      {
        hint: `Drop --tool to keep deploying with ${savedTool}, or use another settings file (--settings) for ${tool}${tool === 'pac' ? ', passing --connector-id <GUID> (from `pac connector list`) to update an existing connector' : ''}.`,
      },
    );
  }
  checkConnectorId(saved.connectorId, `"connectorId" in ${settingsPath}`, tool);
  if (saved.environment && saved.environment.toLowerCase() !== environment.toLowerCase()) {
    throw new UserError(
      `${settingsPath} records connector ${saved.connectorId} in environment ${saved.environment}, but the deploy targets ${environment}.`,
      {
        hint: `To update that connector, drop --environment. To deploy to ${environment}, use another settings file (--settings) or pass --connector-id for the connector there.`,
      },
    );
  }
  return saved.connectorId;
}

function pickPowerAppsUrl(
  cloud: CloudId | undefined,
  saved: PaconnSettings,
  settingsPath: string,
  updatingSavedConnector: boolean,
): string {
  if (cloud === undefined) return saved.powerAppsUrl || DEFAULT_POWER_APPS_URL;
  const url = CLOUDS[cloud].powerAppsUrl;
  if (updatingSavedConnector && saved.powerAppsUrl && !sameUrl(saved.powerAppsUrl, url)) {
    throw new UserError(
      `${settingsPath} records a connector at ${saved.powerAppsUrl}, but --cloud ${cloud} means ${url}.`,
      {
        hint: 'A connector lives in one cloud. Drop --cloud to update it, or use another settings file (--settings) for this cloud.',
      },
    );
  }
  return url;
}
