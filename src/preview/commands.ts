import { InvalidArgumentError, type Command } from 'commander';
import { positiveInteger } from '../shared/options.ts';
import { addConnectionOptions, SIGN_IN_HELP } from '../runtime/connection-flags.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import type { PreviewCommandOptions } from './run.ts';

export function registerPreviewCommands(program: Command, bench: Command): void {
  const preview = program
    .command('preview')
    .description(
      'Serve a local page (127.0.0.1 only) that shows a connector folder as makers meet it: the connection dialog, ' +
        'each action as its Power Automate card with its dynamic content and its Power Fx signature, validation findings, ' +
        'and a Test panel that runs the action through script.csx like invoke. Edits to the folder appear at once.',
    )
    .option('--dir <dir>', 'the connector folder', REPOSITORY_ROOT)
    .option('--port <n>', 'the TCP port; 0 lets the system choose a free one', port, 0);
  addConnectionOptions(preview)
    .addHelpText('after', `${SIGN_IN_HELP}Without a connection, the Test panel uses an embedded ACS emulator.\n`)
    .action(async (options: PreviewCommandOptions) => {
      const { runPreview } = await import('./run.ts');
      process.exitCode = await runPreview(options);
    });

  bench
    .command('preview')
    .description(
      "The preview page's first render (our connector, and the largest of ../shared/corpus) in Chromium, and what the server adds to an action's own time.",
    )
    .option('--requests <n>', 'how many Test runs to time', positiveInteger, 200)
    .action(async (options: { requests: number }) => {
      const { benchPreview } = await import('./bench.ts');
      await benchPreview(options);
    });
}

/** Commander parser for --port: 0 (any free port) to 65535. */
function port(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || parsed > 65535)
    throw new InvalidArgumentError('Give a port from 1 to 65535, or 0 for any free one.');
  return parsed;
}
