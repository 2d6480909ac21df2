/**
 * The embedded emulator as the connection of last resort: what `invoke` and `npm start` run
 * against when no connection is given. Here, above the runtime, since the runtime sees only what
 * Power Platform gets and never the emulator.
 */
import type { RunningEmulator } from '../emulator/index.ts';
import {
  readConnectionFlags,
  resolveConnection,
  type ConnectionOptions,
  type ResolvedConnection,
  type SignInKind,
} from '../runtime/connection.ts';

/** A connection, with the emulator behind it when it is an embedded one. */
export type LocalConnection = ResolvedConnection & { emulator?: RunningEmulator };

/** The connection the flags, a connection file or the environment give, else a new embedded emulator's. */
export async function connectOrEmulate(options: ConnectionOptions): Promise<LocalConnection> {
  const flags = await readConnectionFlags(options);
  const given = await resolveConnection(flags);
  if (given) return given;
  // Loaded only when needed: a call to a given resource does not pay for the emulator's code.
  const { startEmulator } = await import('../emulator/index.ts');
  return emulatorConnection(await startEmulator({ port: 0 }), flags.signIn ?? 'connection-string');
}

/** A connection to an embedded emulator, which is also its own Entra authority; closing it stops the emulator. */
export function emulatorConnection(
  emulator: RunningEmulator,
  kind: SignInKind,
): LocalConnection & { emulator: RunningEmulator } {
  const shared = {
    source: 'emulator',
    endpoint: emulator.endpoint,
    authorityHost: emulator.endpoint,
    emulator,
    close: () => emulator.close(),
  } as const;
  if (kind === 'connection-string') return { kind, connectionString: emulator.connectionString, ...shared };
  const app = emulator.applications[0]!;
  return {
    kind,
    entra: {
      endpoint: emulator.endpoint,
      tenantId: app.tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    },
    ...shared,
  };
}
