import { UserError } from '../shared/errors.ts';
import { startEmulator } from './index.ts';

/** `acs-connector emulator`: serve until SIGINT/SIGTERM, then close cleanly (exit code 0). */
export async function runEmulatorCommand(options: { port: string; host: string; accessKey?: string; resourceId?: string; state?: string }): Promise<void> {
  if (!/^\d+$/.test(options.port)) {
    throw new UserError(`--port ${options.port} is not a TCP port.`, { hint: 'Use a whole number from 1 to 65535, or 0 for any free port.' });
  }
  const emulator = await startEmulator({
    port: Number(options.port),
    host: options.host,
    accessKey: options.accessKey,
    resourceId: options.resourceId,
    stateFile: options.state,
  });
  process.stdout.write(`ACS Identity emulator listening (resource ${emulator.resourceId}${options.state ? `, state in ${options.state}` : ''}).\n`);
  // The one place the emulator's key is printed: it is the user's own local emulator key.
  process.stdout.write(`Connection string: ${emulator.connectionString}\n`);
  process.stdout.write('Press Ctrl+C to stop.\n');

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulator.close();
  process.stdout.write('Emulator stopped.\n');
}
