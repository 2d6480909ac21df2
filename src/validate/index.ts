import { loadScriptsChecker, type ScriptsChecker } from './compile.ts';
import { loadConnectorFolder } from './context.ts';
import { RULES } from './rules/index.ts';
import { CONNECTOR_FILES } from '../connector-folder/index.ts';
import type { Finding, ValidationContext } from './types.ts';
import path from 'node:path';

export { RULES } from './rules/index.ts';
export type { Finding, Rule, Severity } from './types.ts';
export type { ScriptsChecker } from './compile.ts';

export interface ValidateOptions {
  /** Compile script.csx through the .NET script host (CSX1–CSX3, CSX5, CSX6). Off by default: it needs .NET and takes seconds. */
  compileScript?: boolean;
  /** Replaces the script host's checkScripts (tests). */
  checkScripts?: ScriptsChecker;
}

/** One folder's verdict, or the fault that kept it from being judged. */
export type FolderResult = { dir: string; findings: Finding[]; failure?: undefined } | { dir: string; findings?: undefined; failure: Error };

/** Checks the connector files in `dir` offline and returns every finding, errors first. */
export async function validateConnectorFolder(dir: string, options: ValidateOptions = {}): Promise<Finding[]> {
  const [result] = await validateConnectorFolders([dir], options);
  if (result!.failure) throw result!.failure;
  return result!.findings!;
}

/**
 * Checks several folders; their scripts are compiled together in one script host process. A folder
 * that cannot be read gets its failure instead of findings, and the others are still judged.
 */
export async function validateConnectorFolders(dirs: string[], options: ValidateOptions = {}): Promise<FolderResult[]> {
  const loaded = await Promise.all(dirs.map((dir) => loadConnectorFolder(dir).then(
    (context) => ({ dir, context }),
    (failure: Error) => ({ dir, failure }),
  )));
  if (options.compileScript) await attachScriptChecks(loaded.flatMap((entry) => ('context' in entry ? [entry.context] : [])), options);
  const results: FolderResult[] = [];
  for (const entry of loaded) {
    if (!('context' in entry)) {
      results.push({ dir: entry.dir, failure: entry.failure });
      continue;
    }
    try {
      results.push({ dir: entry.dir, findings: await judge(entry.context) });
    } catch (failure) {
      results.push({ dir: entry.dir, failure: failure as Error });
    }
  }
  return results;
}

/** One host run for every script; each folder's rules read their own part of the result. */
async function attachScriptChecks(contexts: ValidationContext[], options: ValidateOptions): Promise<void> {
  const withScript = contexts.filter((context) => context.script !== undefined);
  if (withScript.length === 0) return;
  const paths = withScript.map((context) => path.join(context.dir, CONNECTOR_FILES.script));
  const all = (async () => (options.checkScripts ?? (await loadScriptsChecker()))(paths))();
  all.catch(() => undefined); // each folder's CSX5 reports the failure
  withScript.forEach((context, index) => {
    context.scriptCheck = all.then((results) => results[index]!);
    context.scriptCheck.catch(() => undefined);
  });
}

/**
 * At most this many findings of one rule are listed, then one line counting the rest: a file with
 * 45,000 broken path items needs its first few, and listing them all would cost more than judging.
 */
export const MAX_FINDINGS_PER_RULE = 25;

async function judge(context: ValidationContext): Promise<Finding[]> {
  const perRule = await Promise.all(
    RULES.map(async (rule) => {
      const violations = await rule.check(context);
      const findings = violations.slice(0, MAX_FINDINGS_PER_RULE).map((violation): Finding => ({
        ruleId: rule.id,
        severity: violation.severity ?? rule.severity,
        file: violation.file ?? rule.file,
        location: violation.location,
        message: violation.message,
        hint: violation.hint,
      }));
      const rest = violations.length - findings.length;
      if (rest > 0) {
        findings.push({
          ruleId: rule.id,
          severity: findings[0]!.severity,
          file: findings[0]!.file,
          location: '/',
          message: `${rest} more ${rule.id} finding${rest === 1 ? '' : 's'} not listed (only the first ${MAX_FINDINGS_PER_RULE} of each rule are).`,
          hint: 'Fix the ones listed, which often share one cause, and validate again.',
        });
      }
      return findings;
    }),
  );
  const unique = new Map(perRule.flat().map((finding) => [`${finding.ruleId}|${finding.file}|${finding.location}|${finding.message}`, finding]));
  return [...unique.values()].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}
