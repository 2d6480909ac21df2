import type { Finding } from './types.ts';

export function countBySeverity(findings: Finding[]): { errors: number; warnings: number } {
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** One line per finding plus its fix, then a summary line. */
export function formatFindings(dir: string, findings: Finding[]): string {
  if (findings.length === 0) return `No problems found in ${dir}\n`;
  const lines = findings.flatMap((finding) => [
    `${finding.severity} ${finding.ruleId} ${finding.file} ${finding.location} — ${finding.message}`,
    `    fix: ${finding.hint}`,
  ]);
  const { errors, warnings } = countBySeverity(findings);
  lines.push('', `${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${dir}`);
  return lines.join('\n') + '\n';
}

export function findingsAsJson(dir: string, findings: Finding[]): string {
  return JSON.stringify({ dir, ...countBySeverity(findings), findings }, null, 2) + '\n';
}
