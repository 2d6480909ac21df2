import type { Command } from 'commander';
import { execa } from 'execa';

/** `bench all`: every benchmark of the project, one after the other, each in its own process. */
export function registerBenchAll(bench: Command): void {
  bench
    .command('all')
    .description('Run every benchmark of the project.')
    .action(async () => {
      const targets = bench.commands.map((command) => command.name()).filter((name) => name !== 'all');
      for (const target of targets) {
        process.stdout.write(`\n== bench ${target}\n`);
        await execa(process.execPath, [process.argv[1] ?? 'bin/acs-connector.js', 'bench', target], { stdio: 'inherit' });
      }
    });
}
