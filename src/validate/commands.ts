import type { Command } from 'commander';
import { positiveInteger } from '../cli/options.ts';

export function registerValidateCommands(program: Command, bench: Command): void {
  program
    .command('validate')
    .description('Check a connector folder (apiDefinition.swagger.json, apiProperties.json, script.csx, icon.png) offline against the certification rules. Exits 1 when any error is found, 2 when --dir is not a folder.')
    .option('--dir <dir>', 'connector folder to check (default: the repository root)')
    .option('--json', 'print one JSON object {dir, errors, warnings, findings} instead of text')
    .option('--no-compile', 'skip compiling script.csx with the .NET script host (static rules only)')
    .option('--rules', 'list the rules (id, level, file, what is checked) instead of validating')
    .action(async (options: { dir?: string; json?: boolean; compile: boolean; rules?: boolean }) => {
      const { runValidate, listRules } = await import('./run.ts');
      if (options.rules) listRules(options);
      else await runValidate(options);
    });

  bench
    .command('validate')
    .description('Warm time of the static validation rules on the repository package (no compile).')
    .option('--runs <n>', 'number of timed runs', positiveInteger, 30)
    .action(async (options: { runs: number }) => {
      const { benchValidate } = await import('./run.ts');
      await benchValidate(options);
    });
}
