import type { Command } from 'commander';
import { positiveInteger } from '../shared/options.ts';

export function registerPackageCommands(program: Command, bench: Command): void {
  program
    .command('build')
    .description(
      'Generate apiDefinition.swagger.json, apiProperties.json and icon.png from the connector model (src/connector).',
    )
    .option('--check', 'write nothing; exit 1 if a committed file differs from what the model generates')
    .option('--dir <dir>', 'connector folder to write or check (default: the repository root)')
    .action(async (options: { check?: boolean; dir?: string }) => {
      const { runBuild } = await import('./build.ts');
      process.exitCode = await runBuild(options);
    });

  bench
    .command('package')
    .description(
      'Warm time of `build`: generate the connector files in memory and compare them with the committed ones.',
    )
    .option('--runs <n>', 'number of measured runs', positiveInteger, 50)
    .action(async (options: { runs: number }) => {
      const { benchPackage } = await import('./build.ts');
      await benchPackage(options.runs);
    });
}
