import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ConnectionOptions } from '../runtime/connection.ts';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../shared/paths.ts';
import { untilStopSignal } from '../shared/stop-signals.ts';
import { startPreview } from './server.ts';

/** The flags of `acs-connector preview`, as commander hands them over after its parsers checked them. */
export interface PreviewCommandOptions extends ConnectionOptions {
  dir: string;
  /** 0 lets the system choose a free port. */
  port: number;
}

/** `acs-connector preview`: serves until Ctrl+C. */
export async function runPreview(options: PreviewCommandOptions): Promise<number> {
  const ours = resolve(options.dir) === REPOSITORY_ROOT && existsSync(join(REPOSITORY_ROOT, 'src', 'connector'));
  const preview = await startPreview({
    ...options,
    modelSources: ours
      ? { dir: join(REPOSITORY_ROOT, 'src', 'connector'), rebuild: () => rebuild(options.dir) }
      : undefined,
  });
  process.stdout.write(`Preview of ${resolve(options.dir)} at ${preview.url}\n`);
  process.stdout.write(
    ours
      ? 'Edits to the model (src/connector) rebuild the package and reload the page. Press Ctrl+C to stop.\n'
      : 'Edits to the connector files reload the page. Press Ctrl+C to stop.\n',
  );
  await untilStopSignal();
  await preview.close();
  return 0;
}

/** Our own connector: the model changed, so `build` writes the package again (the folder watch then reloads). */
async function rebuild(dir: string): Promise<void> {
  const { execa } = await import('execa');
  const result = await execa(process.execPath, [CLI_ENTRY, 'build', '--dir', dir], { reject: false, all: true });
  if (result.exitCode !== 0) {
    const error = /^error: .*$/m.exec(result.all ?? '')?.[0] ?? `build exited with ${result.exitCode}`;
    throw new Error(`The model could not be built: ${error.replace(/^error: /, '')}`);
  }
}
