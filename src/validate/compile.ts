import path from 'node:path';
import type { ScriptDiagnostic } from '../script-host/host.ts';
import { unsupportedUsings } from './rules/script.ts';
import { FILE_NAMES, type Rule, type ValidationContext, type Violation } from './types.ts';

export type ScriptChecker = (scriptPath: string) => Promise<ScriptDiagnostic[]>;

/** The real compile check lives in the script host; loaded only when asked for (it needs .NET). */
export async function loadScriptChecker(): Promise<ScriptChecker> {
  const modulePath = '../script-host/host.ts';
  const host = (await import(modulePath)) as { checkScript: ScriptChecker };
  return host.checkScript;
}

export function diagnosticsToViolations(diagnostics: ScriptDiagnostic[]): Violation[] {
  return diagnostics.map((diagnostic) => ({
    severity: diagnostic.severity,
    file: path.basename(diagnostic.file) || FILE_NAMES.script,
    location: `line ${diagnostic.line}, column ${diagnostic.column}`,
    message: `${diagnostic.id}: ${diagnostic.message}`,
    hint: 'Fix the C# at that position; the service compiles scripts as C# against .NET Framework 4.8.',
  }));
}

async function compile(context: ValidationContext): Promise<Violation[]> {
  if (!context.checkScript || context.script === undefined) return [];
  let diagnostics: ScriptDiagnostic[];
  try {
    diagnostics = await context.checkScript(path.join(context.dir, FILE_NAMES.script));
  } catch (error) {
    return [{
      severity: 'warning',
      location: 'line 1',
      message: `The compile check could not run: ${(error as Error).message}`,
      hint: 'Install the .NET SDK so the script host can build, or pass --no-compile to run the static rules only.',
    }];
  }
  // The host also polices namespaces; a `using` that CSX3 already reports is not repeated.
  const reported = new Set(unsupportedUsings(context).map((violation) => violation.location));
  return diagnosticsToViolations(diagnostics.filter((d) => !(d.id === HOST_NAMESPACE_CHECK && reported.has(`line ${d.line}`))));
}

/** Diagnostic id of the script host's namespace policy. */
const HOST_NAMESPACE_CHECK = 'CSX-NS';

export const compileRule: Rule = {
  id: 'CSX5',
  severity: 'error',
  file: FILE_NAMES.script,
  description: 'script.csx compiles (Roslyn, C# against .NET Framework 4.8, through the script host).',
  notes: 'Runs only when compileScript is on (the CLI default; --no-compile turns it off). Each diagnostic keeps its own severity.',
  check: compile,
};
