import { Command } from 'commander';
import { reportFailure } from './report-failure.ts';
import { registerPackageCommands } from '../package/commands.ts';
import { registerValidateCommands } from '../validate/commands.ts';
import { registerScriptHostCommands } from '../script-host/commands.ts';
import { registerEmulatorCommands } from '../emulator/commands.ts';
import { registerRunCommands } from '../orchestration/commands.ts';
import { registerDeployCommands } from '../deploy/commands.ts';
import { registerDiffCommands } from '../diff/commands.ts';
import { registerPreviewCommands } from '../preview/commands.ts';
import { registerBenchAll, registerBenchCli } from '../bench/commands.ts';
import { EXIT_STATUS } from '../shared/errors.ts';
import packageJson from '../../package.json' with { type: 'json' };

// A reader that stops early (`acs-connector validate --rules | head`) is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Each area registers its commands here; command modules import their implementation lazily
// so that `--help` and small commands start fast.
const program = new Command('acs-connector')
  .description(
    'Build, validate, run and deploy the Azure Communication Services Identity connector for Power Platform.',
  )
  .version(packageJson.version, '-V, --version', 'print the version of acs-connector')
  .showHelpAfterError('(add --help for usage)')
  .addHelpText(
    'after',
    `\nExit status: ${EXIT_STATUS.ok} success, ${EXIT_STATUS.failure} failure (or errors found), ${EXIT_STATUS.usage} usage error (bad flag, file or folder), ${EXIT_STATUS.fault} internal fault (a bug in acs-connector).\nSet ACS_CONNECTOR_DEBUG=1 to add a stack trace to an internal fault.`,
  )
  .exitOverride();

const bench = program
  .command('bench')
  .description('Measure speed and memory (benchmarks print one JSON object as their last line).');

registerPackageCommands(program, bench);
registerValidateCommands(program, bench);
registerScriptHostCommands(program, bench);
registerEmulatorCommands(program, bench);
registerRunCommands(program, bench);
registerDiffCommands(program, bench);
registerDeployCommands(program, bench);
registerPreviewCommands(program, bench);
registerBenchCli(bench);
registerBenchAll(bench);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportFailure(error);
}
