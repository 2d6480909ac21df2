/**
 * The script checks the .NET script host owns (CSX1, CSX2, CSX3, CSX5, CSX6): the host compiles the
 * script as the platform does and tags each finding with the rule id it belongs to; these rules
 * only pick their own findings out of that one result.
 */
import type { ScriptCheckResult, ScriptDiagnostic } from '../script-host/protocol.ts';
import { CONNECTOR_FILES } from '../connector-folder/index.ts';
import type { Rule, ValidationContext, Violation } from './types.ts';

export type ScriptsChecker = (scriptPaths: string[]) => Promise<ScriptCheckResult[]>;

/** The real compile check lives in the script host; loaded only when asked for (it needs .NET). */
export async function loadScriptsChecker(): Promise<ScriptsChecker> {
  return (await import('../script-host/check.ts')).checkScripts;
}

const COMPILE = 'CSX5';

const HINTS: Record<string, string> = {
  CSX1: 'Remove unused code; move heavy work to the service itself.',
  CSX2: 'Declare `public class Script : ScriptBase` with a public parameterless constructor and override `ExecuteAsync`.',
  CSX3: 'Use a type from a documented namespace where one exists; the platform compiles this one, but certification reviewers may ask you to replace it.',
  CSX5: 'Fix the C# at that position; the service compiles scripts as C# 10 against .NET Framework 4.8.',
  CSX6: 'Add `public override async Task<HttpResponseMessage> ExecuteAsync()` to class Script.',
};

function toViolation(diagnostic: ScriptDiagnostic): Violation {
  return {
    severity: diagnostic.severity,
    location: `line ${diagnostic.line}, column ${diagnostic.column}`,
    // A compiler finding keeps its compiler id (CS0103…) in front; the host's own checks speak for themselves.
    message: diagnostic.id === diagnostic.rule ? diagnostic.message : `${diagnostic.id}: ${diagnostic.message}`,
    hint: HINTS[diagnostic.rule] ?? HINTS[COMPILE]!,
  };
}

/** The host's findings of rule `id`; CSX5 also takes any rule id this table does not know. */
function hostFindings(id: string, known: ReadonlySet<string>): Rule['check'] {
  return async (context: ValidationContext): Promise<Violation[]> => {
    if (!context.scriptCheck) return [];
    let result: ScriptCheckResult;
    try {
      result = await context.scriptCheck;
    } catch (error) {
      return id !== COMPILE
        ? []
        : [
            {
              severity: 'warning',
              location: 'line 1',
              message: `The compile check could not run: ${(error as Error).message}`,
              hint: 'Install the .NET SDK so the script host can build, or pass --no-compile to run the static rules only.',
            },
          ];
    }
    if (result.error) {
      return id !== COMPILE
        ? []
        : [
            {
              location: 'line 1',
              message: `The script could not be checked: ${result.error}`,
              hint: 'Check that script.csx is a readable file.',
            },
          ];
    }
    return result.diagnostics.filter((d) => d.rule === id || (id === COMPILE && !known.has(d.rule))).map(toViolation);
  };
}

export const HOST_NOTE =
  'Checked by the .NET script host while it compiles the script (needs the .NET SDK; not run with --no-compile).';

/** The rule ids the host tags its findings with; CSX5 (the compiler) takes any other id it sends. */
const HOST_RULE_IDS: ReadonlySet<string> = new Set(['CSX1', 'CSX2', 'CSX3', 'CSX5', 'CSX6']);

/** A rule whose findings come from the script host's check of script.csx (one module each under rules/script). */
export function hostRule(rule: Omit<Rule, 'check' | 'file'>): Rule {
  if (!HOST_RULE_IDS.has(rule.id)) throw new Error(`${rule.id} is not a rule id the script host reports`);
  return { ...rule, file: CONNECTOR_FILES.script, check: hostFindings(rule.id, HOST_RULE_IDS) };
}
