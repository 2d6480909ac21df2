import type { Command } from 'commander';
import { UserError } from '../shared/errors.ts';
import { positiveInteger } from '../shared/options.ts';
import { CLI_ENTRY } from '../shared/paths.ts';

/** `bench cli`: start-up of real `acs-connector` processes, the path a user takes. */
export function registerBenchCli(bench: Command): void {
  bench
    .command('cli')
    .description(
      "Wall time of real acs-connector processes (--help, build --check, validate, invoke against a running emulator): median and max, with `node -e 0` as the floor and npx's overhead apart.",
    )
    .option('--runs <n>', 'timed runs of each command', positiveInteger, 10)
    .action(async (options: { runs: number }) => {
      const { benchCli } = await import('./cli.ts');
      await benchCli(options);
    });
}

/** `bench all`: every benchmark of the project, one after the other, each in its own process. */
export function registerBenchAll(bench: Command): void {
  bench
    .command('all')
    .description('Run every benchmark of the project, each in its own process; a failing one does not stop the rest.')
    .action(async () => {
      const targets = bench.commands.map((command) => command.name()).filter((name) => name !== 'all');
      // Loaded here, not at start: every other command would pay for it.
      const { execa } = await import('execa');
      const failed: string[] = [];
      for (const target of targets) {
        process.stdout.write(`\n== bench ${target}\n`);
        const result = await execa(process.execPath, [CLI_ENTRY, 'bench', target], { stdio: 'inherit', reject: false });
        if (result.exitCode !== 0) failed.push(target);
      }
      if (failed.length > 0) {
        throw new UserError(
          `${failed.length} of ${targets.length} benchmarks failed: ${failed.map((name) => `bench ${name}`).join(', ')} (their errors are printed above).`,
          {
            hint: `Run a failed one on its own, e.g. \`acs-connector bench ${failed[0]}\`, to see its error again.`,
          },
        );
      }
    });
}
