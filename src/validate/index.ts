import { loadScriptsChecker, type ScriptsChecker } from './compile.ts';
import { connectorContextOf, loadConnectorFolder } from './context.ts';
import { positionsIn } from './positions.ts';
import { RULES } from './rules/index.ts';
import { CONNECTOR_FILES, readConnectorFiles, type ConnectorFileKey } from '../connector-folder/index.ts';
import type { ScriptCheckResult } from '../script-host/protocol.ts';
import type { Finding, Rule, ValidationContext, Violation } from './types.ts';
import path from 'node:path';

export { RULES } from './rules/index.ts';
export type { Finding, Rule, Severity } from './types.ts';
export type { ScriptsChecker } from './compile.ts';

export interface ValidateOptions {
  /** Compile script.csx through the .NET script host (CSX1–CSX3, CSX5, CSX6). Off by default: it needs .NET and takes seconds. */
  compileScript?: boolean;
  /** Replaces the script host's checkScripts (tests). */
  checkScripts?: ScriptsChecker;
  /** Add each finding's line and column in its file (for SARIF and CI annotations). */
  positions?: boolean;
}

/** One folder's verdict, or the fault that kept it from being judged. */
export type FolderResult =
  { dir: string; findings: Finding[]; failure?: undefined } | { dir: string; findings?: undefined; failure: Error };

/** Checks the connector files in `dir` offline and returns every finding, errors first. */
export async function validateConnectorFolder(dir: string, options: ValidateOptions = {}): Promise<Finding[]> {
  const [result] = await validateConnectorFolders([dir], options);
  if (result!.failure) throw result!.failure;
  return result!.findings;
}

/**
 * Judges connector files held in memory with the static rules (no script compile), in-process:
 * the seeded-defect tests use it to try many variants of one folder quickly.
 */
export async function validateFiles(
  files: Partial<Record<ConnectorFileKey, Buffer>>,
  dir = '(in memory)',
): Promise<Finding[]> {
  return judge(connectorContextOf(dir, files));
}

/**
 * Checks several folders; their scripts are compiled together in one script host process. A folder
 * that cannot be read gets its failure instead of findings, and the others are still judged.
 */
export async function validateConnectorFolders(dirs: string[], options: ValidateOptions = {}): Promise<FolderResult[]> {
  const results: FolderResult[] = [];
  for await (const result of validateEach(dirs, options)) results.push(result);
  return results;
}

/**
 * The same, one folder at a time in the order given: only one folder's files are held at once,
 * so a caller that prints each verdict (the CLI) stays small however many folders it checks.
 */
export async function* validateEach(dirs: string[], options: ValidateOptions = {}): AsyncGenerator<FolderResult> {
  const scriptChecks = options.compileScript
    ? await startScriptChecks(dirs, options)
    : new Map<string, Promise<ScriptCheckResult>>();
  for (const dir of dirs) {
    let context: ValidationContext;
    try {
      context = loadConnectorFolder(dir);
    } catch (failure) {
      yield { dir, failure: failure as Error };
      continue;
    }
    if (context.script !== undefined) context.scriptCheck = scriptChecks.get(dir);
    try {
      const findings = await judge(context);
      yield { dir, findings: options.positions ? withPositions(context, findings) : findings };
    } catch (failure) {
      yield { dir, failure: failure as Error };
    }
  }
}

/**
 * One host run for every script, started before the first folder is judged; each folder's rules
 * read their own part of the result. Scripts are found through the same safe reader as the rest.
 */
async function startScriptChecks(
  dirs: string[],
  options: ValidateOptions,
): Promise<Map<string, Promise<ScriptCheckResult>>> {
  const withScript: string[] = [];
  for (const dir of dirs) {
    if (readConnectorFiles(dir, ['script']).files.script !== undefined) withScript.push(dir);
  }
  const checks = new Map<string, Promise<ScriptCheckResult>>();
  if (withScript.length === 0) return checks;
  const paths = withScript.map((dir) => path.join(path.resolve(dir), CONNECTOR_FILES.script));
  const all = (async () => (options.checkScripts ?? (await loadScriptsChecker()))(paths))();
  all.catch(() => undefined); // each folder's CSX5 reports the failure
  withScript.forEach((dir, index) => {
    const check = all.then((results) => results[index]!);
    check.catch(() => undefined);
    checks.set(dir, check);
  });
  return checks;
}

/** The findings with the line and column of their location, each file parsed once and only when needed. */
function withPositions(context: ValidationContext, findings: Finding[]): Finding[] {
  const lookups = new Map<string, ReturnType<typeof positionsIn> | undefined>();
  const lookupFor = (file: string) => {
    if (!lookups.has(file)) {
      const key = (Object.keys(CONNECTOR_FILES) as ConnectorFileKey[]).find((name) => CONNECTOR_FILES[name] === file);
      const bytes = key && key !== 'icon' ? context.raw[key] : undefined;
      lookups.set(file, bytes ? positionsIn(bytes.toString('utf8')) : undefined);
    }
    return lookups.get(file);
  };
  return findings.map((finding) => {
    const position = lookupFor(finding.file)?.(finding.location);
    return position ? { ...finding, line: position.line, column: position.column } : finding;
  });
}

/**
 * At most this many findings of one rule are listed, then one line counting the rest: a file with
 * 45,000 broken path items needs its first few, and listing them all would cost more than judging.
 */
export const MAX_FINDINGS_PER_RULE = 25;

async function judge(context: ValidationContext): Promise<Finding[]> {
  // Every check starts before any is awaited; most answer at once (only the script's compile check
  // waits). The first check that fails is the folder's failure; a later one that was started but
  // never awaited then has its failure caught here rather than left unhandled.
  const checked = RULES.map((rule) => {
    const answer = rule.check(context);
    if (answer instanceof Promise) answer.catch(() => undefined);
    return answer;
  });
  const perRule: Finding[][] = [];
  for (const [position, answer] of checked.entries())
    perRule.push(findingsOf(RULES[position]!, answer instanceof Promise ? await answer : answer));
  return perRule.flat().sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** A rule's violations as findings: repeats once, errors first, at most MAX_FINDINGS_PER_RULE and a count of the rest. */
function findingsOf(rule: Rule, reported: Violation[]): Finding[] {
  // Errors first: a rule mixes levels (its tolerated parts are warnings), and a cut list
  // must never hide an error behind warnings.
  const all = distinct(rule, reported);
  const isError = (violation: Violation) => (violation.severity ?? rule.severity) === 'error';
  const violations = [...all.filter(isError), ...all.filter((violation) => !isError(violation))];
  const ruleCode = typeof rule.msCode === 'string' ? rule.msCode : undefined;
  const findings = violations.slice(0, MAX_FINDINGS_PER_RULE).map((violation): Finding => ({
    ruleId: rule.id,
    ...((violation.msCode ?? ruleCode) ? { msCode: violation.msCode ?? ruleCode } : {}),
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
      severity: violations.slice(MAX_FINDINGS_PER_RULE).some(isError) ? 'error' : 'warning',
      file: findings[0]!.file,
      location: '/',
      message: `${rest} more ${rule.id} finding${rest === 1 ? '' : 's'} not listed (only the first ${MAX_FINDINGS_PER_RULE} of each rule are).`,
      hint: 'Fix the ones listed, which often share one cause, and validate again.',
    });
  }
  return findings;
}

/**
 * The same finding reached twice (a definition shared by several operations) is listed once, in
 * the place it was first reported, as it was last reported; before the cut, so repeats neither
 * take places in the list nor swell the count of the rest. Violations are grouped by location
 * first: a rule may report thousands, and only those at one place need their messages compared.
 */
function distinct(rule: Rule, violations: Violation[]): Violation[] {
  if (violations.length < 2) return violations;
  const kept: Violation[] = [];
  // The first kept violation at each location, and for each kept one the next at its location (-1:
  // none): a chain through plain numbers, nothing allocated per violation.
  const firstAt = new Map<string, number>();
  const nextAt: number[] = [];
  const same = (a: Violation, b: Violation) =>
    a.message === b.message && (a.file ?? rule.file) === (b.file ?? rule.file);
  for (const violation of violations) {
    let position = firstAt.get(violation.location) ?? -1;
    let last = -1;
    while (position !== -1 && !same(kept[position]!, violation)) {
      last = position;
      position = nextAt[position]!;
    }
    if (position !== -1) {
      kept[position] = violation;
      continue;
    }
    if (last === -1) firstAt.set(violation.location, kept.length);
    else nextAt[last] = kept.length;
    nextAt.push(-1);
    kept.push(violation);
  }
  return kept;
}
