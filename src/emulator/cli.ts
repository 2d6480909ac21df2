import { notAPort, startEmulator } from './index.ts';

/** `acs-connector emulator`: serve until SIGINT/SIGTERM, then close cleanly (exit code 0). */
export async function runEmulatorCommand(options: { port: string; host: string; accessKey?: string; resourceId?: string; state?: string }): Promise<void> {
  // Number() alone would read '' as 0 and '0x10' as 16.
  if (!/^\d+$/.test(options.port)) throw notAPort(options.port);
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
