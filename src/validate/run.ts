import path from 'node:path';
import { RULES, validateConnectorFolder } from './index.ts';
import { countBySeverity, findingsAsJson, formatFindings } from './report.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';

export async function runValidate(options: { dir?: string; json?: boolean; compile?: boolean }): Promise<void> {
  // The repository root is the project's own connector folder.
  const dir = path.resolve(options.dir ?? REPOSITORY_ROOT);
  const findings = await validateConnectorFolder(dir, { compileScript: options.compile !== false });
  process.stdout.write(options.json ? findingsAsJson(dir, findings) : formatFindings(dir, findings));
  if (countBySeverity(findings).errors > 0) process.exitCode = 1;
}

export function listRules(options: { json?: boolean }): void {
  const rules = RULES.map(({ id, severity, file, description, notes }) => ({ id, severity, file, description, ...(notes ? { notes } : {}) }));
  if (options.json) {
    process.stdout.write(JSON.stringify(rules, null, 2) + '\n');
    return;
  }
  const lines = rules.map((rule) => `${rule.id.padEnd(6)}${rule.severity.padEnd(8)}${rule.file}\n      ${rule.description}\n${rule.notes ? `      note: ${rule.notes}\n` : ''}`);
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
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  process.stdout.write(JSON.stringify({ task: 'validate', runs: options.runs, p50Ms: round(times[Math.floor(times.length / 2)]!), maxMs: round(times.at(-1)!) }) + '\n');
}
