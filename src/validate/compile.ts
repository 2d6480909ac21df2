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

const HOST_NOTE =
  'Checked by the .NET script host while it compiles the script (needs the .NET SDK; not run with --no-compile).';

type HostRule = Omit<Rule, 'check' | 'file'>;

const HOST_RULES: HostRule[] = [
  {
    id: 'CSX1',
    severity: 'error',
    description: 'script.csx is at most 1 MB.',
    evidence: 'the service refuses larger scripts; flags 0 of 56 certified scripts',
    notes: HOST_NOTE,
  },
  {
    id: 'CSX2',
    severity: 'error',
    description: 'script.csx declares `public class Script : ScriptBase` with a public parameterless constructor.',
    evidence: 'the service cannot run a script without it; flags 0 of 56 certified scripts',
    notes: `${HOST_NOTE} A class named \`script\` in another case is a warning: Microsoft documents \`Script\`, C# names are case-sensitive, yet published connectors ship \`class script\` and run, so the platform evidently finds it; nothing shows it refused, so we warn instead of blocking a deploy.`,
  },
  {
    id: 'CSX3',
    severity: 'warning',
    description:
      'Every namespace the script uses (using directives and full type names) is among those Microsoft documents for custom code.',
    evidence:
      'certification guidance, not a compile rule: flags 8 of 56 certified scripts (System.Globalization, System.Collections.Specialized, System.Runtime.Serialization…)',
    notes: `${HOST_NOTE} The documented namespaces are imported implicitly, as on the platform.`,
  },
  {
    id: 'CSX5',
    severity: 'error',
    description:
      'script.csx compiles as C# 10 against .NET Framework 4.8 with the supported namespaces imported implicitly.',
    evidence: 'the service refuses a script that does not compile; flags 0 of 56 certified scripts',
    notes: `${HOST_NOTE} Each compiler diagnostic keeps its own level: compiler warnings are warnings.`,
  },
  {
    id: 'CSX6',
    severity: 'error',
    description: 'class Script overrides ExecuteAsync.',
    evidence: 'the compiler refuses it (CS0534): ExecuteAsync is abstract; flags 0 of 56 certified scripts',
    notes: HOST_NOTE,
  },
];

const known = new Set(HOST_RULES.map((rule) => rule.id));

export const hostScriptRules: Rule[] = HOST_RULES.map((rule) => ({
  ...rule,
  file: CONNECTOR_FILES.script,
  check: hostFindings(rule.id, known),
}));
