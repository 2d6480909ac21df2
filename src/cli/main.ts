import { Command, CommanderError } from 'commander';
import { UserError } from '../shared/errors.ts';
import { redactSecrets } from '../shared/redact.ts';
import { registerPackageCommands } from '../package/commands.ts';
import { registerValidateCommands } from '../validate/commands.ts';
import { registerScriptHostCommands } from '../script-host/commands.ts';
import { registerEmulatorCommands } from '../emulator/commands.ts';
import { registerRuntimeCommands } from '../runtime/commands.ts';
import { registerDeployCommands } from '../deploy/commands.ts';
import { registerDiffCommands } from '../diff/commands.ts';
import { registerBenchAll, registerBenchCli } from '../bench/commands.ts';

// A reader that stops early (`acs-connector validate --rules | head`) is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Each area registers its commands here; command modules import their implementation lazily
// so that `--help` and small commands start fast.
const program = new Command('acs-connector')
  .description('Build, validate, run and deploy the Azure Communication Services Identity connector for Power Platform.')
  .showHelpAfterError('(add --help for usage)')
  .addHelpText('after', '\nExit status: 0 success, 1 failure (or errors found), 2 usage error (bad flag, file or folder).\nSet ACS_CONNECTOR_DEBUG=1 to add a stack trace to an internal fault.')
  .exitOverride();

const bench = program
  .command('bench')
  .description('Measure speed and memory (benchmarks print one JSON object as their last line).');

registerPackageCommands(program, bench);
registerValidateCommands(program, bench);
registerScriptHostCommands(program, bench);
registerEmulatorCommands(program, bench);
registerRuntimeCommands(program, bench);
registerDiffCommands(program, bench);
registerDeployCommands(program, bench);
registerBenchCli(bench);
registerBenchAll(bench);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportFailure(error);
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help text); usage errors exit 2.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UserError) {
    process.stderr.write(`error: ${redactSecrets(error.message)}\n`);
    if (error.hint) process.stderr.write(`hint: ${redactSecrets(error.hint)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${redactSecrets(message)}\n`);
  // A stack trace helps whoever fixes the fault, not the admin who met it: shown only on request.
  if (process.env.ACS_CONNECTOR_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${redactSecrets(error.stack)}\n`);
  } else {
    process.stderr.write('hint: this looks like a fault in acs-connector itself; please report it with the command you ran (set ACS_CONNECTOR_DEBUG=1 to add the stack trace).\n');
  }
  return 1;
}
