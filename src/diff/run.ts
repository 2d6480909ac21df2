import path from 'node:path';
import { plural } from '../shared/messages.ts';
import { timeWarmRuns } from '../shared/timing.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import { diffConnectors, type ConnectorSnapshot } from './compare.ts';
import type { Change } from './kinds.ts';
import { loadBase, loadFolder } from './source.ts';

export interface DiffResult {
  base: string;
  head: string;
  breaking: number;
  safe: number;
  changes: Change[];
}

/** Compares the connector in `dir` (default: the repository root) with `base` (a folder or a git ref). */
export async function diffAgainst(base: string, options: { dir?: string; cwd?: string } = {}): Promise<DiffResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = options.dir === undefined ? REPOSITORY_ROOT : path.resolve(cwd, options.dir);
  const head = await loadFolder(dir);
  const before = await loadBase(base, dir, cwd);
  return summarise(before, head);
}

export function summarise(base: ConnectorSnapshot, head: ConnectorSnapshot): DiffResult {
  const changes = diffConnectors(base, head);
  const breaking = changes.filter((change) => change.level === 'breaking').length;
  return { base: base.label, head: head.label, breaking, safe: changes.length - breaking, changes };
}

export function formatDiff(result: DiffResult): string {
  if (result.changes.length === 0) return `No changes between ${result.base} and ${result.head}.\n`;
  const lines = result.changes.flatMap((change) => {
    const level = change.level === 'breaking' ? 'breaking' : 'safe    ';
    const where = [
      change.base === undefined ? '' : `base ${change.base}`,
      change.head === undefined ? '' : `head ${change.head}`,
    ]
      .filter(Boolean)
      .join(', ');
    return [
      `${level} ${change.kind}${change.operationId ? ` ${change.operationId}` : ''} — ${change.message}`,
      `    ${change.file}${where ? `: ${where}` : ''}`,
      ...(change.microsoftWording ? [`    Microsoft's change validator: "${change.microsoftWording}"`] : []),
    ];
  });
  lines.push(
    '',
    `${plural(result.breaking, 'breaking change')}, ${plural(result.safe, 'safe change')} from ${result.base} to ${result.head}.`,
  );
  if (result.breaking > 0)
    lines.push(
      'Breaking changes stop the flows or connections makers already have: keep the old behaviour (a new action or sign-in kind beside the old one), or tell them before you deploy; `deploy` stops on these unless --allow-breaking.',
    );
  return `${lines.join('\n')}\n`;
}

/** `acs-connector diff`: exit 1 when anything breaks. */
export async function runDiff(options: { base: string; dir?: string; json?: boolean }): Promise<number> {
  const result = await diffAgainst(options.base, { dir: options.dir });
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatDiff(result));
  return result.breaking > 0 ? 1 : 0;
}

/** `bench diff`: warm in-process time of reading the repository package twice and comparing. */
export async function benchDiff(runs: number): Promise<void> {
  const { p50Ms, maxMs } = await timeWarmRuns(runs, async () =>
    summarise(await loadFolder(REPOSITORY_ROOT), await loadFolder(REPOSITORY_ROOT)),
  );
  process.stdout.write(
    `diff (read both folders + compare, warm): p50 ${p50Ms.toFixed(2)} ms, max ${maxMs.toFixed(2)} ms over ${runs} runs (target: under 50 ms)\n`,
  );
  process.stdout.write(`${JSON.stringify({ task: 'diff', runs, p50Ms, maxMs })}\n`);
}
