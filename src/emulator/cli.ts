import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { untilStopSignal } from '../shared/stop-signals.ts';
import type { EntraApplicationOptions } from './entra.ts';
import { ENTRA_APP_HINT, notAPort, startEmulator, TEAMS_USER_TOKEN_PATH, type RunningEmulator } from './index.ts';

/** The flags of `acs-connector emulator`, as commander gives them. */
export interface EmulatorCommandOptions {
  port: string;
  host: string;
  accessKey?: string;
  resourceId?: string;
  state?: string;
  entraApp?: string[];
}

/** `acs-connector emulator`: serve until Ctrl+C or another stop signal, then close cleanly (exit code 0). */
export async function runEmulatorCommand(options: EmulatorCommandOptions): Promise<void> {
  // Number() alone would read '' as 0 and '0x10' as 16.
  if (!/^\d+$/.test(options.port)) throw notAPort(options.port);
  const emulator = await startEmulator({
    port: Number(options.port),
    host: options.host,
    accessKey: options.accessKey,
    resourceId: options.resourceId,
    stateFile: options.state,
    applications: options.entraApp?.map(parseEntraApp),
  });
  process.stdout.write(
    `ACS Identity emulator listening (resource ${emulator.resourceId}${options.state ? `, state in ${options.state}` : ''}).\n`,
  );
  // The one place the emulator's key is printed: it is the user's own local emulator key.
  process.stdout.write(`Connection string: ${emulator.connectionString}\n`);
  process.stdout.write(describeEntra(emulator));
  process.stdout.write(
    `Teams user tokens (emulator only): POST ${new URL(TEAMS_USER_TOKEN_PATH, emulator.endpoint)} with {} or {"userId","appId","scopes",…}\n`,
  );
  process.stdout.write('Press Ctrl+C to stop.\n');

  await untilStopSignal();
  await emulator.close();
  process.stdout.write('Emulator stopped.\n');
}

/** `tenant=<GUID>,client=<GUID>,secret=<text>,role=<role>|none`; any part may be left out. */
export function parseEntraApp(spec: string): EntraApplicationOptions {
  const application: EntraApplicationOptions = {};
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const equals = part.indexOf('=');
    const key = equals === -1 ? part : part.slice(0, equals);
    const value = equals === -1 ? '' : part.slice(equals + 1);
    if (key === 'tenant') application.tenantId = value;
    else if (key === 'client') application.clientId = value;
    else if (key === 'secret') application.clientSecret = value;
    else if (key === 'role') application.role = value.toLowerCase() === 'none' ? null : value;
    else {
      throw new UserError(`--entra-app: "${key}" is not a part of an application.`, {
        hint: ENTRA_APP_HINT,
        exitCode: EXIT_STATUS.usage,
      });
    }
  }
  return application;
}

/** The stand-in's authority and applications, printed like the connection string (local secrets). */
export function describeEntra(emulator: RunningEmulator): string {
  const lines = [
    `Microsoft Entra ID stand-in: authority host ${emulator.endpoint} (token endpoint {authority}/{tenant}/oauth2/v2.0/token)`,
  ];
  for (const app of emulator.applications) {
    lines.push(
      `Entra application: tenant ID ${app.tenantId}, client ID ${app.clientId}, client secret ${app.clientSecret}, role ${app.role ?? 'none'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
