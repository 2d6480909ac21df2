import path from 'node:path';
import { plural } from '../shared/messages.ts';
import { checkScripts } from './check.ts';
import { formatDiagnostic } from './invocation.ts';
import { CONNECTOR_SCRIPT } from '../connector-folder/files.ts';

export async function runCheckScript(options: { scripts: string[]; json?: boolean }): Promise<void> {
  const scriptPaths = options.scripts.length > 0 ? options.scripts : [path.relative(process.cwd(), CONNECTOR_SCRIPT)];
  const results = await checkScripts(scriptPaths);
  const errors = results.reduce((sum, r) => sum + r.diagnostics.filter((d) => d.severity === 'error').length, 0);
  const warnings = results.reduce((sum, r) => sum + r.diagnostics.length, 0) - errors;
  const refused = results.filter((r) => r.error || r.diagnostics.some((d) => d.severity === 'error'));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    for (const result of results) {
      if (result.error) process.stdout.write(`${result.script}: error: ${result.error}\n`);
      else if (result.diagnostics.length === 0) {
        process.stdout.write(
          `${result.script}: compiles clean as Power Platform custom code (C# 10, .NET Framework 4.8, supported namespaces).\n`,
        );
      }
      for (const d of result.diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
    }
    if (results.length > 1) {
      process.stdout.write(
        `${plural(results.length, 'script')} checked, ${refused.length} refused: ${errors} error(s), ${warnings} warning(s).\n`,
      );
    } else if (errors + warnings > 0) {
      process.stdout.write(`${errors} error(s), ${warnings} warning(s).\n`);
    }
  }
  if (refused.length > 0) process.exitCode = 1;
}
