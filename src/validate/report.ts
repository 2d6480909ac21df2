import { plural } from '../shared/messages.ts';
import type { Finding } from './types.ts';

export function countBySeverity(findings: Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

/** One line per finding plus its fix, then a summary line. */
export function formatFindings(dir: string, findings: Finding[], strict = false): string {
  if (findings.length === 0) return `No problems found in ${dir}\n`;
  const lines = findings.flatMap((finding) => [
    `${finding.severity} ${finding.ruleId}${finding.msCode ? ` [${finding.msCode}]` : ''} ${finding.file} ${finding.location} — ${finding.message}`,
    `    fix: ${finding.hint}`,
  ]);
  const { errors, warnings } = countBySeverity(findings);
  const strictNote = strict && errors === 0 && warnings > 0 ? ' (--strict: warnings fail)' : '';
  lines.push('', `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${dir}${strictNote}`);
  return lines.join('\n') + '\n';
}

/** One compact JSON object per folder, one per line, so many folders stream as JSON Lines. */
export function findingsAsJson(dir: string, findings: Finding[] | undefined, failure?: Error): string {
  if (failure) return JSON.stringify({ dir, failure: failure.message }) + '\n';
  return JSON.stringify({ dir, ...countBySeverity(findings ?? []), findings }) + '\n';
}

const ruleIds = (findings: Finding[]) => [...new Set(findings.map((finding) => finding.ruleId))].join(', ');

/** A folder's verdict on one line: the counts and which rules found them. */
export function folderLine(
  dir: string,
  findings: Finding[] | undefined,
  failure: Error | undefined,
  strict: boolean,
): string {
  if (failure) return `fail  ${dir}: ${failure.message}`;
  const all = findings ?? [];
  const errors = all.filter((finding) => finding.severity === 'error');
  const warnings = all.filter((finding) => finding.severity === 'warning');
  const verdict = errors.length > 0 || (strict && warnings.length > 0) ? 'fail' : 'pass';
  if (all.length === 0) return `${verdict}  ${dir}: no problems`;
  const part = (list: Finding[], word: string) =>
    `${plural(list.length, word)}${list.length > 0 ? ` (${ruleIds(list)})` : ''}`;
  return `${verdict}  ${dir}: ${part(errors, 'error')}, ${part(warnings, 'warning')}`;
}

export function totalLine(
  tally: { folders: number; withErrors: number; warningsOnly: number },
  strict: boolean,
): string {
  const clean = tally.folders - tally.withErrors - tally.warningsOnly;
  const failed = tally.withErrors + (strict ? tally.warningsOnly : 0);
  return `${plural(tally.folders, 'folder')}: ${failed} failed${strict ? ' (--strict: warnings fail)' : ''}; ${tally.withErrors} with errors, ${tally.warningsOnly} with warnings only, ${clean} without problems.`;
}
