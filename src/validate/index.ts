import { loadScriptChecker, type ScriptChecker } from './compile.ts';
import { loadConnectorFolder } from './context.ts';
import { RULES } from './rules/index.ts';
import type { Finding } from './types.ts';

export { RULES } from './rules/index.ts';
export type { Finding, Rule, Severity } from './types.ts';
export type { ScriptChecker } from './compile.ts';

export interface ValidateOptions {
  /** Compile script.csx through the .NET script host (CSX5). Off by default: it needs .NET and takes seconds. */
  compileScript?: boolean;
  /** Replaces the script host's checkScript (tests). */
  checkScript?: ScriptChecker;
}

/** Checks the connector files in `dir` offline and returns every finding, errors first. */
export async function validateConnectorFolder(dir: string, options: ValidateOptions = {}): Promise<Finding[]> {
  const context = await loadConnectorFolder(dir);
  if (options.compileScript) context.checkScript = options.checkScript ?? (await loadScriptChecker());
  const perRule = await Promise.all(
    RULES.map(async (rule) =>
      (await rule.check(context)).map((violation): Finding => ({
        ruleId: rule.id,
        severity: violation.severity ?? rule.severity,
        file: violation.file ?? rule.file,
        location: violation.location,
        message: violation.message,
        hint: violation.hint,
      })),
    ),
  );
  const unique = new Map(perRule.flat().map((finding) => [`${finding.ruleId}|${finding.file}|${finding.location}|${finding.message}`, finding]));
  return [...unique.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
