import type { Command } from 'commander';
import { positiveInteger, repeatable } from '../shared/options.ts';

export function registerScriptHostCommands(program: Command, bench: Command): void {
  program
    .command('check-script')
    .description(
      'Compile connector scripts the way Power Platform does (C# 10, .NET Framework 4.8 class library, ' +
        'supported namespaces imported implicitly, a Script class) in one host process, and list each finding as file:line:column ' +
        'with its rule id (namespaces outside the documented list are warnings). Exits 1 when a script has errors, 2 when a path names no file. ' +
        'Builds the .NET script host with `dotnet build` on first use.',
    )
    .argument('[scripts...]', 'scripts to check (default: script.csx in the repository root)')
    .option('--script <path>', 'a script to check; may be repeated', repeatable)
    .option('--json', 'print one JSON array with {script, diagnostics, error} for each script')
    .action(async (scripts: string[], options: { script?: string[]; json?: boolean }) => {
      const { runCheckScript } = await import('./cli.ts');
      await runCheckScript({ scripts: [...(options.script ?? []), ...scripts], json: options.json });
    });

  bench
    .command('script')
    .description(
      "Time the script's own work per request in the .NET host, with SendAsync answered in-process (no network); " +
        'also reports the cold start (host start + compile). Target: p99 under 0.5 ms.',
    )
    .option('--script <path>', 'script to measure (default: script.csx in the repository root)')
    .option(
      '--compare <path>',
      'another script to time in the same run, in alternating rounds (prints both and the ratio)',
    )
    .option('--requests <n>', 'number of timed requests (after a warm-up)', positiveInteger, 5000)
    .action(async (options: { script?: string; compare?: string; requests: number }) => {
      const { runScriptBench } = await import('./bench.ts');
      await runScriptBench(options);
    });
}
