import type { Command } from 'commander';
import { positiveInteger } from '../cli/options.ts';

export function registerScriptHostCommands(program: Command, bench: Command): void {
  program
    .command('check-script')
    .description(
      'Compile a connector script the way Power Platform does (C# 10, .NET Framework 4.8 class library, ' +
        'supported namespaces only, a Script class) and list each finding as file:line:column. Exits 1 on errors, 2 when --script names no file. ' +
        'Builds the .NET script host with `dotnet build` on first use.',
    )
    .option('--script <path>', 'script to check (default: script.csx in the repository root)')
    .option('--json', 'print the findings as one JSON array')
    .action(async (options: { script?: string; json?: boolean }) => {
      const { runCheckScript } = await import('./cli.ts');
      await runCheckScript(options);
    });

  bench
    .command('script')
    .description(
      "Time the script's own work per request in the .NET host, with SendAsync answered in-process (no network); " +
        'also reports the cold start (host start + compile). Target: p99 under 0.5 ms.',
    )
    .option('--script <path>', 'script to measure (default: script.csx in the repository root)')
    .option('--requests <n>', 'number of timed requests (after a warm-up)', positiveInteger, 5000)
    .action(async (options: { script?: string; requests: number }) => {
      const { runScriptBench } = await import('./bench.ts');
      await runScriptBench(options);
    });
}
