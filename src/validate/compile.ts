import path from 'node:path';
import type { ScriptDiagnostic } from '../script-host/protocol.ts';
import { missingScriptClass, oversizeScript, unsupportedUsings } from './rules/script.ts';
import { CONNECTOR_FILES } from '../connector-folder/index.ts';
import type { Rule, ValidationContext, Violation } from './types.ts';

export type ScriptChecker = (scriptPath: string) => Promise<ScriptDiagnostic[]>;

/** The real compile check lives in the script host; loaded only when asked for (it needs .NET). */
export async function loadScriptChecker(): Promise<ScriptChecker> {
  return (await import('../script-host/check.ts')).checkScript;
}

export function diagnosticsToViolations(diagnostics: ScriptDiagnostic[]): Violation[] {
  return diagnostics.map((diagnostic) => ({
    severity: diagnostic.severity,
    file: path.basename(diagnostic.file) || CONNECTOR_FILES.script,
    location: `line ${diagnostic.line}, column ${diagnostic.column}`,
    message: `${diagnostic.id}: ${diagnostic.message}`,
    hint: 'Fix the C# at that position; the service compiles scripts as C# against .NET Framework 4.8.',
  }));
}

async function compile(context: ValidationContext): Promise<Violation[]> {
  if (!context.checkScript || context.script === undefined) return [];
  let diagnostics: ScriptDiagnostic[];
  try {
    diagnostics = await context.checkScript(path.join(context.dir, CONNECTOR_FILES.script));
  } catch (error) {
    return [{
      severity: 'warning',
      location: 'line 1',
      message: `The compile check could not run: ${(error as Error).message}`,
      hint: 'Install the .NET SDK so the script host can build, or pass --no-compile to run the static rules only.',
    }];
  }
  const alreadyReported = staticallyReported(context);
  return diagnosticsToViolations(diagnostics.filter((d) => !alreadyReported(d)));
}

/** The host repeats some static rules (CSX1, CSX2, CSX3); a finding they already made is not reported twice. */
function staticallyReported(context: ValidationContext): (diagnostic: ScriptDiagnostic) => boolean {
  const usingLines = new Set(unsupportedUsings(context).map((violation) => violation.location));
  const noScriptClass = missingScriptClass(context).length > 0;
  const oversize = oversizeScript(context).length > 0;
  return (d) =>
    (d.id === 'CSX-NS' && usingLines.has(`line ${d.line}`)) ||
    (d.id === 'CSX-SCRIPT' && noScriptClass) ||
    (d.id === 'CSX-SIZE' && oversize);
}

export const compileRule: Rule = {
  id: 'CSX5',
  severity: 'error',
  file: CONNECTOR_FILES.script,
  description: 'script.csx compiles (Roslyn, C# against .NET Framework 4.8, through the script host).',
  notes: 'Runs only when compileScript is on (the CLI default; --no-compile turns it off). Each diagnostic keeps its own severity.',
  check: compile,
};
