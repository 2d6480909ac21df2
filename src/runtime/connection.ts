export interface ResolvedConnection {
  connectionString: string;
  /** Where the connection string came from, for messages (never the string itself). */
  source: 'option' | 'environment' | 'emulator';
  close(): Promise<void>;
}

export const CONNECTION_STRING_VARIABLE = 'COMMUNICATION_CONNECTION_STRING';

/**
 * The connection string for a run: the one given (used as given, even empty, so the script's own
 * check answers), else COMMUNICATION_CONNECTION_STRING, else an embedded emulator started for it.
 */
export async function resolveConnection(given: string | undefined): Promise<ResolvedConnection> {
  if (given !== undefined) return { connectionString: given, source: 'option', close: async () => {} };
  const fromEnvironment = process.env[CONNECTION_STRING_VARIABLE];
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return { connectionString: fromEnvironment, source: 'environment', close: async () => {} };
  }
  // Loaded only when needed: a call to a given resource does not pay for the emulator's code.
  const { startEmulator } = await import('../emulator/index.ts');
  const emulator = await startEmulator({ port: 0 });
  return { connectionString: emulator.connectionString, source: 'emulator', close: () => emulator.close() };
}
