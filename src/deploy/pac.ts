import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { findOnPath } from './find-tool.ts';

/**
 * The Power Platform CLI's connector and auth commands, as Microsoft's pac reference describes
 * them: `pac connector create|update` with long flags, `pac auth create|delete` for a service
 * principal's profile. pac answers in text: `Connector created with ID <guid>`,
 * `Connector updated succesfully.` (sic), or `Error: …` followed by a `Usage:` block.
 */

export const PAC_INSTALL_HINT =
  'Install it with `dotnet tool install --global Microsoft.PowerApps.CLI.Tool` (needs the .NET SDK) and make sure the .NET tools folder (~/.dotnet/tools) is on PATH.';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function findPac(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return findOnPath('pac', env);
}

/** pac identifies a connector by the GUID of its Dataverse row. */
export function isPacConnectorId(value: string): boolean {
  return GUID.test(value);
}

export interface ServicePrincipal {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

const SP_VARIABLES = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'] as const;

/**
 * The service principal of the Azure SDKs' variables, when all three are set; none set means
 * pac's own active profile is used. Some but not all is a mistake worth stopping for.
 */
export function servicePrincipalFromEnv(env: NodeJS.ProcessEnv): ServicePrincipal | undefined {
  const values = SP_VARIABLES.map((name) => env[name]?.trim() ?? '');
  const missing = SP_VARIABLES.filter((_, index) => values[index] === '');
  if (missing.length === SP_VARIABLES.length) return undefined;
  if (missing.length > 0) {
    throw new UserError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set, but the other service-principal variables are.`,
      {
        hint: `Set all three of ${SP_VARIABLES.join(', ')} to deploy as a service principal, or none to use pac's active profile (\`pac auth list\`).`,
        exitCode: EXIT_STATUS.usage,
      },
    );
  }
  const [tenantId, clientId, clientSecret] = values as [string, string, string];
  if (!GUID.test(clientId)) {
    throw new UserError(`AZURE_CLIENT_ID "${clientId}" is not an application (client) id.`, {
      hint: 'Use the GUID shown as "Application (client) ID" on the app registration in the Microsoft Entra admin center.',
      exitCode: EXIT_STATUS.usage,
    });
  }
  if (/\s/.test(tenantId)) {
    throw new UserError(`AZURE_TENANT_ID "${tenantId}" is not a tenant id.`, {
      hint: "Use the directory (tenant) GUID or the tenant's domain, e.g. contoso.onmicrosoft.com.",
      exitCode: EXIT_STATUS.usage,
    });
  }
  return { tenantId, clientId, clientSecret };
}

export interface PacConnectorCall {
  action: 'create' | 'update';
  environment: string;
  connectorId?: string;
  definition: string;
  properties: string;
  script: string;
  icon: string;
  solution?: string;
}

/** The argv of `pac connector create|update`; the script is always sent (an update without it removes the live one). */
export function pacConnectorArgs(call: PacConnectorCall): string[] {
  return [
    'connector',
    call.action,
    '--environment',
    call.environment,
    ...(call.action === 'update' ? ['--connector-id', call.connectorId!] : []),
    '--api-definition-file',
    call.definition,
    '--api-properties-file',
    call.properties,
    '--script-file',
    call.script,
    '--icon-file',
    call.icon,
    ...(call.solution === undefined ? [] : ['--solution-unique-name', call.solution]),
  ];
}

/**
 * `pac auth create` for the service principal. pac takes the secret only as the value of
 * --clientSecret, so it is in this one short-lived process's argv (see the README). On Linux
 * without a keyring pac refuses to store the secret unless allowed to keep it in its profile
 * file, which is deleted with the profile when the deploy ends.
 */
export function pacAuthCreateArgs(
  profile: string,
  principal: ServicePrincipal,
  cloud: string,
  environment: string,
  platform: NodeJS.Platform,
): string[] {
  return [
    'auth',
    'create',
    '--name',
    profile,
    '--applicationId',
    principal.clientId,
    '--clientSecret',
    principal.clientSecret,
    '--tenant',
    principal.tenantId,
    '--cloud',
    cloud,
    '--environment',
    environment,
    ...(platform === 'linux' ? ['--accept-cleartext-caching'] : []),
  ];
}

/** Removes only the deploy's own profile: `pac auth clear` would also remove the user's. */
export function pacAuthDeleteArgs(profile: string): string[] {
  return ['auth', 'delete', '--name', profile];
}

/** The GUID in `Connector created with ID <guid>`. */
export function connectorIdFromPacOutput(text: string): string | undefined {
  return /Connector created with ID:?\s+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i.exec(
    text,
  )?.[1];
}

/** pac's `Error: …` line with the indented lines under it (inner errors), else its last line. */
export function pacErrorText(stdout: string, stderr: string): string {
  const lines = `${stderr}\n${stdout}`.split(/\r?\n/);
  const start = lines.findIndex((line) => /^\s*Error:/.test(line));
  if (start < 0)
    return (
      lines
        .map((line) => line.trim())
        .filter(Boolean)
        .pop() ?? '(pac printed nothing)'
    );
  const taken = [lines[start]!.trim()];
  for (const line of lines.slice(start + 1)) {
    if (!/^\s+\S/.test(line)) break;
    taken.push(line.trim());
  }
  const text = taken.join(' ');
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}

/** The platform reports this script-provisioning failure transiently; one retry usually passes. */
export function isTransientScriptFailure(text: string): boolean {
  return /CustomScriptProvisioningFailed/i.test(text);
}

const SIGN_IN_HINT =
  'Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET to deploy as a service principal, or run `pac auth create --environment <environment id>` once in a terminal.';

/** What to do about the pac failures admins meet most often. */
export function pacFailureHint(
  text: string,
  context: { action: 'create' | 'update'; usedPrincipal: boolean; printedUsage: boolean },
): string | undefined {
  const { action, usedPrincipal } = context;
  if (isTransientScriptFailure(text)) {
    return 'The platform failed to set up script.csx, which it often reports transiently (this deploy already tried twice). Deploy again in a few minutes; if it persists, check the script with `npx acs-connector check-script`.';
  }
  if (/InvalidScriptDefinitionUrlWithNonNullOperations/i.test(text)) {
    return 'apiProperties.json lists scriptOperations but the platform received no script. This tool always passes --script-file; check that your pac is current (`pac --version`; update with `dotnet tool update --global Microsoft.PowerApps.CLI.Tool`).';
  }
  if (/AADSTS7000215|invalid client secret/i.test(text)) {
    return "AZURE_CLIENT_SECRET is not a valid secret of AZURE_CLIENT_ID: use the secret's value (not its ID) and check that it has not expired.";
  }
  if (/AADSTS700016|AADSTS90002/i.test(text)) {
    return 'The application or tenant was not found: check AZURE_CLIENT_ID and AZURE_TENANT_ID, and --cloud for a government or China tenant.';
  }
  if (/no profiles|auth profile|pac auth create|not signed in|AADSTS/i.test(text)) {
    return usedPrincipal ? 'The service principal could not sign in; see the error above.' : SIGN_IN_HINT;
  }
  if (/solution/i.test(text) && /not found|does not exist|could not find/i.test(text)) {
    return 'No solution with that unique name is in the environment: --solution takes the unique name (Solutions > your solution > Name), not the display name.';
  }
  if (action === 'update' && /not ?found|\b404\b|does not exist/i.test(text)) {
    return 'The connector id is not in this environment. `pac connector list --environment <id>` lists the connectors there; or remove "connectorId" from the settings file to create a new one.';
  }
  if (/forbidden|\b403\b|unauthorized|\b401\b|privilege|permission|not a member/i.test(text)) {
    return 'The account lacks rights in this environment. A service principal must be an application user there (`pac admin assign-user --application-user`, or the Power Platform admin center) with a role that may create connectors, such as System Customizer.';
  }
  if (
    /dataverse|organization/i.test(text) &&
    /not found|no database|not provisioned|unable to connect|failed to connect/i.test(text)
  ) {
    return 'pac writes connectors to Dataverse: the environment needs a Dataverse database. Check the environment id, or deploy with --tool paconn.';
  }
  if (context.printedUsage || /unrecognized|not a valid option|required argument missing/i.test(text)) {
    return 'pac rejected its arguments. Check `pac --version` and update it with `dotnet tool update --global Microsoft.PowerApps.CLI.Tool`.';
  }
  return undefined;
}
