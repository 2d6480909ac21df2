import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { CLI_ENTRY } from '../shared/paths.ts';

export interface PreviewProcess {
  /** Where it serves: the address it prints first. */
  url: string;
  /** Ends it (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
}

/**
 * `acs-connector preview --port 0` as users run it, for a folder, with no connection configured
 * (so Test uses its embedded emulator): the benchmark and the browser test drive this process.
 */
export async function startPreviewProcess(dir: string): Promise<PreviewProcess> {
  const child = spawn(process.execPath, [CLI_ENTRY, 'preview', '--port', '0', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      COMMUNICATION_CONNECTION_STRING: '',
      AZURE_TENANT_ID: '',
      AZURE_CLIENT_ID: '',
      AZURE_CLIENT_SECRET: '',
    },
  });
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(seen);
      if (match) resolve(match[1]!);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`acs-connector preview exited with ${code} before serving`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
