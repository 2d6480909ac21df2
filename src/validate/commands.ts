import { Option, type Command } from 'commander';
import { FORMATS, type FormatName } from './formats.ts';
import { positiveInteger, repeatable } from '../shared/options.ts';
import { MAX_DEFINITION_BYTES, platformSize } from '../shared/platform-limits.ts';

export function registerValidateCommands(program: Command, bench: Command): void {
  registerValidate(program);
  registerValidateBenches(bench);
}

function registerValidate(program: Command): void {
  program
    .command('validate')
    .description(
      'Check connector folders (apiDefinition.swagger.json, apiProperties.json, script.csx, icon.png) offline: errors are what Power Platform, ' +
        "paconn or Microsoft's validator refuse; warnings are certification guidance. Several folders print one line each and a total, " +
        'their scripts compiled in one host process. Exits 1 when any error is found (or any warning, with --strict), 2 when a folder does not exist.',
    )
    .argument('[dirs...]', 'connector folders to check (default: the repository root)')
    .option('--dir <dir>', 'a connector folder to check; may be repeated', repeatable)
    .addOption(
      new Option(
        '--format <format>',
        'stylish (for people), json (one object per folder, one per line), sarif (SARIF 2.1.0 for code scanning), ' +
          "github (GitHub Actions annotations), azure (Azure Pipelines, as Microsoft's connector pipeline prints)",
      )
        .choices(FORMATS)
        .default('stylish'),
    )
    .option(
      '--json',
      'the same as --format json: one JSON object {dir, errors, warnings, findings} per folder, one per line',
    )
    .option('--strict', "fail on warnings too (certification-grade: the project's own package must pass it)")
    .option(
      '--no-compile',
      'skip the .NET script host: static rules only, so no CSX1–CSX3, CSX5 or CSX6 (script size, Script class, namespaces, compilation, ExecuteAsync)',
    )
    .option(
      '--rules',
      'list the rules (id, level, file, what is checked, the evidence for its level) instead of validating',
    )
    .action(
      async (
        dirs: string[],
        options: {
          dir?: string[];
          json?: boolean;
          format: FormatName;
          compile: boolean;
          strict?: boolean;
          rules?: boolean;
        },
      ) => {
        const { runValidate, listRules } = await import('./run.ts');
        if (options.rules) listRules({ json: options.json || options.format === 'json' });
        else await runValidate({ ...options, dirs: [...(options.dir ?? []), ...dirs] });
      },
    );
}

function registerValidateBenches(bench: Command): void {
  bench
    .command('validate')
    .description('Warm time of the static validation rules on the repository package (no compile).')
    .option('--runs <n>', 'number of timed runs', positiveInteger, 30)
    .action(async (options: { runs: number }) => {
      const { benchValidate } = await import('./run.ts');
      await benchValidate(options);
    });

  bench
    .command('validate-growth')
    .description(
      `validate --no-compile as a real process on hostile inputs of doubling size up to ${platformSize(MAX_DEFINITION_BYTES)}: the time per doubling shows the work stays linear.`,
    )
    .option('--runs <n>', 'timed runs per size', positiveInteger, 3)
    .action(async (options: { runs: number }) => {
      const { benchValidateGrowth } = await import('./growth-bench.ts');
      await benchValidateGrowth(options);
    });

  bench
    .command('corpus')
    .description(
      "Validate a folder of real connectors (default: ../shared/corpus, Microsoft's certified connectors, when present) and check all their scripts: " +
        'prints the share with an error in the definition or properties, folders flagged per rule, refused scripts, crashes and times.',
    )
    .argument('[dir]', 'folder of connector folders (searched two levels deep)')
    .action(async (dir: string | undefined) => {
      const { benchCorpus } = await import('./corpus-bench.ts');
      await benchCorpus({ dir });
    });
}
