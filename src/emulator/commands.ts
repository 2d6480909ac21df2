import type { Command } from 'commander';
import { positiveInteger, repeatable } from '../shared/options.ts';
import type { EmulatorCommandOptions } from './cli.ts';

export function registerEmulatorCommands(program: Command, bench: Command): void {
  program
    .command('emulator')
    .description(
      'Run a local Azure Communication Services Identity emulator (create/delete users, issue/revoke tokens), ' +
        'as strict about request signatures as the service, with a Microsoft Entra ID stand-in for bearer-token sign-in. ' +
        'It prints its connection string and Entra applications — including the access key and client secrets of ' +
        'this local emulator, which are yours to use — and serves until Ctrl+C.',
    )
    .option('--port <n>', 'TCP port to listen on; 0 picks a free port', '0')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--access-key <base64>', 'access key the emulator accepts (default: a new random key each start)')
    .option('--resource-id <guid>', 'GUID of the emulated ACS resource (default: the one in --state, else random)')
    .option('--state <file>', 'JSON file that keeps identities across restarts (default: in memory only)')
    .option(
      '--entra-app <spec>',
      'register a Microsoft Entra ID application with the built-in Entra stand-in: tenant=<GUID>,client=<GUID>,secret=<text>,role=Contributor|none ' +
        '(any part left out is generated; repeatable; default: one generated application with the Contributor role)',
      repeatable,
    )
    .action(async (options: EmulatorCommandOptions) => {
      const { runEmulatorCommand } = await import('./cli.ts');
      await runEmulatorCommand(options);
    });

  bench
    .command('emulator')
    .description('Drive signed create / issue-token / revoke / delete requests at an emulator in a child process.')
    .option('--requests <n>', 'number of requests', positiveInteger, 40_000)
    .option('--concurrency <n>', 'requests in flight', positiveInteger, 50)
    .action(async (options: { requests: number; concurrency: number }) => {
      const { runEmulatorBench } = await import('./bench.ts');
      await runEmulatorBench(options);
    });
}
