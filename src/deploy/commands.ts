import { Option, type Command } from 'commander';
import { positiveInteger } from '../shared/options.ts';
import { CLOUD_IDS } from './clouds.ts';
import { DEFAULT_DEPLOY_TIMEOUT_MS, DEPLOY_TOOLS } from './settings.ts';

interface DeployFlags {
  tool?: string;
  environment?: string;
  settings: string;
  connectorId?: string;
  solution?: string;
  cloud?: string;
  dir?: string;
  compile: boolean;
  timeout?: number;
  dryRun?: boolean;
  allowBreaking?: boolean;
}

export function registerDeployCommands(program: Command, _bench: Command): void {
  const command = program
    .command('deploy')
    .description(
      'Deploy the connector to a Power Platform environment: checks the package, then creates the connector ' +
        '(the first time; the new id is saved to the settings file) or updates it, with paconn ' +
        '(`pip install paconn`, then `paconn login`) or with pac (`--tool pac`: the Power Platform CLI, signed in ' +
        'as the service principal of AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, else with its active profile).',
    );
  addDeployOptions(command);
  command.action(async (flags: DeployFlags) => {
    const { deploy } = await import('./deploy.ts');
    await deploy(
      {
        tool: flags.tool,
        environment: flags.environment,
        settings: flags.settings,
        connectorId: flags.connectorId,
        solution: flags.solution,
        cloud: flags.cloud,
        dir: flags.dir,
        compile: flags.compile,
        timeoutSeconds: flags.timeout,
        dryRun: flags.dryRun === true,
        allowBreaking: flags.allowBreaking === true,
      },
      { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr },
    );
  });
}

function addDeployOptions(command: Command): void {
  command
    .addOption(
      new Option('--tool <program>', 'paconn or pac (else the settings file, else paconn)').choices([...DEPLOY_TOOLS]),
    )
    .option(
      '--environment <id>',
      'Power Platform environment id (else the settings file, else POWER_PLATFORM_ENVIRONMENT)',
    )
    .option('--settings <file>', 'settings file to read and update (never holds secrets)', 'settings.json')
    .option('--connector-id <id>', 'update this existing connector (else the settings file; none: create a new one)')
    .option('--solution <unique name>', 'with --tool pac: create the connector in this solution')
    .option(
      '--cloud <cloud>',
      `cloud of the environment: ${CLOUD_IDS.join(', ')} (else the settings file, else public)`,
    )
    .option('--dir <folder>', 'connector folder with the four package files (default: the repository root)')
    .option('--no-compile', 'skip compiling script.csx in the .NET host during the checks (validation still runs)')
    .option(
      '--allow-breaking',
      'deploy even when the package breaks flows built on the version deployed last (see `diff`)',
    )
    .option(
      '--timeout <seconds>',
      `stop the create or update after this long (default ${DEFAULT_DEPLOY_TIMEOUT_MS / 1000})`,
      positiveInteger,
    )
    .option('--dry-run', 'print the breaking-change verdict and the exact commands, and run nothing');
}
