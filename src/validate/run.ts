import { percentile } from '../shared/statistics.ts';
import path from 'node:path';
import { RULES, validateConnectorFolder, validateEach, type FolderResult } from './index.ts';
import { FORMATTERS, type FolderVerdict, type FormatContext, type FormatName, type Tally } from './formats.ts';
import packageJson from '../../package.json' with { type: 'json' };
import { countBySeverity } from './report.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import { catalogCounts, catalogStatus, type CatalogStatus } from './catalog.ts';
import { msCodesOf } from './types.ts';
import { UserError } from '../shared/errors.ts';
import { tuneForManyFolders } from './batch-tuning.ts';

export interface ValidateCommandOptions {
  dirs: string[];
  /** Alias of format 'json'. */
  json?: boolean;
  format?: FormatName;
  compile?: boolean;
  strict?: boolean;
}

/** Whether a folder's findings fail the run: errors always, warnings too under --strict. */
const fails = (result: FolderResult, strict: boolean): boolean => {
  if (result.failure) return true;
  const { errors, warnings } = countBySeverity(result.findings);
  return errors > 0 || (strict && warnings > 0);
};

export async function runValidate(options: ValidateCommandOptions): Promise<void> {
  tuneForManyFolders();
  // The repository root is the project's own connector folder.
  const dirs = (options.dirs.length > 0 ? options.dirs : [REPOSITORY_ROOT]).map((dir) => path.resolve(dir));
  const strict = options.strict === true;
  const formatter = FORMATTERS[options.json ? 'json' : (options.format ?? 'stylish')];
  const context: FormatContext = {
    strict,
    single: dirs.length === 1,
    cwd: process.cwd(),
    rules: RULES,
    version: packageJson.version,
  };
  // Each verdict is printed as soon as it is known; only the tallies are kept (all verdicts for SARIF).
  const tally: Tally = { folders: 0, withErrors: 0, warningsOnly: 0 };
  const kept: FolderVerdict[] = [];
  let exitCode = 0;
  for await (const result of validateEach(dirs, {
    compileScript: options.compile !== false,
    positions: formatter.positions,
  })) {
    // One folder that cannot be read is the command's own error (a usage error when it is not a folder).
    if (context.single && result.failure) throw result.failure;
    process.stdout.write(formatter.folder(result, context));
    if (formatter.keepsVerdicts) kept.push(result);
    tally.folders++;
    const { errors, warnings } = result.findings ? countBySeverity(result.findings) : { errors: 1, warnings: 0 };
    if (errors > 0) tally.withErrors++;
    else if (warnings > 0) tally.warningsOnly++;
    // A path that is not a folder is a usage error (2), as with one folder; else 1 when any folder fails.
    exitCode = Math.max(
      exitCode,
      result.failure instanceof UserError ? result.failure.exitCode : fails(result, strict) ? 1 : 0,
    );
  }
  process.stdout.write(formatter.end(kept, tally, context));
  process.exitCode = exitCode;
}

/** Each rule with its metadata, as `validate --rules --json` prints it and the README's table shows it. */
export function ruleList() {
  return RULES.map(({ id, msCode, severity, file, description, evidence, notes }) => ({
    id,
    msCodes: msCodesOf({ msCode }),
    severity,
    file,
    description,
    evidence,
    ...(notes ? { notes } : {}),
  }));
}

const STATUS_TEXT = {
  checked: (entry: Extract<CatalogStatus, { status: 'checked' }>) => entry.rules.join(', '),
  undecidable: (entry: Extract<CatalogStatus, { status: 'undecidable' }>) =>
    `cannot be decided from the files: ${entry.reason}`,
  pending: () => 'not yet implemented',
};

export function catalogSummary(counts: ReturnType<typeof catalogCounts>): string {
  return `${counts.checked} of the ${counts.total} codes of Microsoft's Swagger Validator catalog are checked; ${counts.undecidable} cannot be decided from the files alone; ${counts.pending} are not yet implemented.`;
}

export function listRules(options: { json?: boolean }): void {
  const rules = ruleList();
  const catalog = catalogStatus(RULES);
  const counts = catalogCounts(catalog);
  if (options.json) {
    process.stdout.write(JSON.stringify({ rules, catalog, counts }, null, 2) + '\n');
    return;
  }
  const lines = rules.map(
    (rule) =>
      `${rule.id.padEnd(6)}${rule.severity.padEnd(8)}${rule.file}\n      ${rule.description}\n` +
      (rule.msCodes.length > 0 ? `      Microsoft: ${rule.msCodes.join(', ')}\n` : '') +
      `      evidence: ${rule.evidence}\n${rule.notes ? `      note: ${rule.notes}\n` : ''}`,
  );
  lines.push(`\n${catalogSummary(counts)}\n`);
  let section = '';
  for (const entry of catalog) {
    if (entry.section !== section) {
      section = entry.section;
      lines.push(`\n${section}\n`);
    }
    const text =
      entry.status === 'checked'
        ? STATUS_TEXT.checked(entry)
        : entry.status === 'undecidable'
          ? STATUS_TEXT.undecidable(entry)
          : STATUS_TEXT.pending();
    lines.push(`  ${entry.code.padEnd(62)}${text}\n`);
  }
  process.stdout.write(lines.join(''));
}

/** Warm time of the static rules on the repository's own package. */
export async function benchValidate(options: { runs: number }): Promise<void> {
  await validateConnectorFolder(REPOSITORY_ROOT); // warm-up: module loading, schema compilation
  const times: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const start = performance.now();
    await validateConnectorFolder(REPOSITORY_ROOT, { compileScript: false });
    times.push(performance.now() - start);
  }
  const round = (ms: number) => Math.round(ms * 100) / 100;
  process.stdout.write(
    JSON.stringify({
      task: 'validate',
      runs: options.runs,
      p50Ms: round(percentile(times, 50)),
      maxMs: round(Math.max(...times)),
    }) + '\n',
  );
}
