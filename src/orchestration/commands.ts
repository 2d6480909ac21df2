import type { Command } from 'commander';
import { positiveInteger, repeatable } from '../shared/options.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import { addConnectionOptions, SIGN_IN_HELP } from '../runtime/connection-flags.ts';
import type { ConnectionOptions } from '../runtime/connection.ts';
import type { InvokeOptions } from './invoke.ts';

/** `invoke`, `start` and `bench invoke`: the runtime against a connection, the embedded emulator when none is given. */
export function registerRunCommands(program: Command, bench: Command): void {
  const invoke = program
    .command('invoke')
    .description(
      'Run one action of the connector as Power Platform would: the request is built from the definition, ' +
        'signed by script.csx in the .NET script host and sent to ACS (or an embedded emulator). ' +
        'Prints {"status","headers","body"} as one JSON object.',
    )
    .argument('<operationId>', 'the action, e.g. CreateCommunicationIdentity')
    .option('--param <name=value>', 'a path, query or header parameter (repeatable)', repeatable, [])
    .option('--body <json|@file>', 'the request body as JSON, or @ and a file that holds it');
  addConnectionOptions(invoke)
    .option('--script <path>', "run another script.csx instead of the connector folder's")
    .option('--dir <dir>', 'the connector folder', REPOSITORY_ROOT)
    .addHelpText(
      'after',
      `${SIGN_IN_HELP}\nExit status: 0 when HTTP status < 400, 1 when ≥ 400, 2 for usage errors, 3 for an internal fault.\n` +
        'Example: acs-connector invoke IssueIdentityAccessToken --param identityId=8:acs:… --body \'{"scopes":["chat"]}\'',
    )
    .action(async (operationId: string, options: InvokeOptions) => {
      const { runInvoke } = await import('./invoke.ts');
      process.exitCode = await runInvoke(operationId, options);
    });

  const start = program
    .command('start')
    .description(
      'The main job: build and validate the package, then run every action of the connector through the real script, ' +
        'each with the inputs its entry in the model gives (src/connector/model.ts), against the connection given ' +
        '(flags, a connection file or the environment) or an embedded emulator, where it runs with both sign-in kinds ' +
        'and also signs a Teams user in for the actions that need one.',
    );
  addConnectionOptions(start)
    .option('--dir <dir>', 'the connector folder', REPOSITORY_ROOT)
    .addHelpText('after', SIGN_IN_HELP)
    .action(async (options: { dir: string } & ConnectionOptions) => {
      const { runStart } = await import('./start.ts');
      process.exitCode = await runStart(options);
    });

  bench
    .command('invoke')
    .description('Warm invoke latency through the persistent script host against the embedded emulator.')
    .option('--requests <n>', 'how many warm calls to time', positiveInteger, 500)
    .action(async (options: { requests: number }) => {
      const { benchInvoke } = await import('./bench.ts');
      await benchInvoke(options);
    });
}
