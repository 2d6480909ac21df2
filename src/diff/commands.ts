import type { Command } from 'commander';
import { positiveInteger } from '../shared/options.ts';

export function registerDiffCommands(program: Command, bench: Command): void {
  program
    .command('diff')
    .description(
      'Compare the connector with an earlier version and list each change as breaking (flows that makers built stop working) or safe. ' +
        'Exits 1 when anything breaks, 2 when --base or --dir names no connector.',
    )
    .requiredOption(
      '--base <ref-or-folder>',
      'the earlier version: a git branch, tag or commit (read from git, the work tree is untouched) or a connector folder',
    )
    .option('--dir <dir>', 'connector folder to check (default: the repository root)')
    .option('--json', 'print one JSON object {base, head, breaking, safe, changes} instead of text')
    .action(async (options: { base: string; dir?: string; json?: boolean }) => {
      const { runDiff } = await import('./run.ts');
      process.exitCode = await runDiff(options);
    });

  bench
    .command('diff')
    .description('Warm time of `diff`: read the repository package twice and compare (target under 50 ms).')
    .option('--runs <n>', 'number of timed runs', positiveInteger, 50)
    .action(async (options: { runs: number }) => {
      const { benchDiff } = await import('./run.ts');
      await benchDiff(options.runs);
    });
}
