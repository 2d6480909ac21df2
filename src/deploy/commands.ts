import type { Command } from 'commander';
import { CLOUD_IDS } from './clouds.ts';

export function registerDeployCommands(program: Command, _bench: Command): void {
  program
    .command('deploy')
    .description(
      'Deploy the connector to a Power Platform environment with paconn: checks the package, then runs ' +
        '`paconn create` (first time; the new id is saved to the settings file) or `paconn update`. ' +
        'Needs paconn on PATH (`pip install paconn`) and a prior `paconn login`.',
    )
    .option(
      '--environment <id>',
      'Power Platform environment id (else the settings file, else POWER_PLATFORM_ENVIRONMENT)',
    )
    .option('--settings <file>', 'paconn settings file to read and update (never holds secrets)', 'settings.json')
    .option('--connector-id <id>', 'update this existing connector (else the settings file; none: create a new one)')
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
    .option('--dry-run', 'print the breaking-change verdict and the exact paconn command, and run nothing')
    .action(
      async (options: {
        environment?: string;
        settings: string;
        connectorId?: string;
        cloud?: string;
        dir?: string;
        compile: boolean;
        dryRun?: boolean;
        allowBreaking?: boolean;
      }) => {
        const { deploy } = await import('./deploy.ts');
        await deploy(
          {
            environment: options.environment,
            settings: options.settings,
            connectorId: options.connectorId,
            cloud: options.cloud,
            dir: options.dir,
            compile: options.compile,
            dryRun: options.dryRun === true,
            allowBreaking: options.allowBreaking === true,
          },
          { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr },
        );
      },
    );
}
