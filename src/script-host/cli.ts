import path from 'node:path';
import { checkScript } from './check.ts';
import { CONNECTOR_SCRIPT } from '../shared/paths.ts';

export async function runCheckScript(options: { script?: string; json?: boolean }): Promise<void> {
  const scriptPath = options.script ?? path.relative(process.cwd(), CONNECTOR_SCRIPT);
  const diagnostics = await checkScript(scriptPath);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (options.json) {
    process.stdout.write(`${JSON.stringify(diagnostics, null, 2)}\n`);
  } else if (diagnostics.length === 0) {
    process.stdout.write(`${scriptPath}: compiles clean as Power Platform custom code (C# 10, .NET Framework 4.8, supported namespaces).\n`);
  } else {
    for (const d of diagnostics) {
      process.stdout.write(`${d.file}:${d.line}:${d.column}: ${d.severity} ${d.id}: ${d.message}\n`);
    }
    process.stdout.write(`${errors} error(s), ${diagnostics.length - errors} warning(s).\n`);
  }
  if (errors > 0) process.exitCode = 1;
}
