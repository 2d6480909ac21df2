import type { Command } from 'commander';
import { execa } from 'execa';
import { UserError } from '../shared/errors.ts';
import { CLI_ENTRY } from '../shared/paths.ts';

/** `bench all`: every benchmark of the project, one after the other, each in its own process. */
export function registerBenchAll(bench: Command): void {
  bench
    .command('all')
    .description('Run every benchmark of the project, each in its own process; a failing one does not stop the rest.')
    .action(async () => {
      const targets = bench.commands.map((command) => command.name()).filter((name) => name !== 'all');
      const failed: string[] = [];
      for (const target of targets) {
        process.stdout.write(`\n== bench ${target}\n`);
        const result = await execa(process.execPath, [CLI_ENTRY, 'bench', target], { stdio: 'inherit', reject: false });
        if (result.exitCode !== 0) failed.push(target);
      }
      if (failed.length > 0) {
        throw new UserError(`${failed.length} of ${targets.length} benchmarks failed: ${failed.map((name) => `bench ${name}`).join(', ')} (their errors are printed above).`, {
          hint: `Run a failed one on its own, e.g. \`acs-connector bench ${failed[0]}\`, to see its error again.`,
        });
      }
    });
}
