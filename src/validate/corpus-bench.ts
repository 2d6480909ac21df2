/**
 * `bench corpus`: the validator and the script check against a folder of real connectors (by
 * default Microsoft's certified ones in ../shared/corpus), to hold rule levels to the platform's
 * verdicts. Static rules are timed through a real `acs-connector validate` process (and counted
 * in this one); scripts go through one script host process, without its cache.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { CLI_ENTRY, CORPUS_DIR } from '../shared/paths.ts';
import { CONNECTOR_FILES } from '../connector-folder/index.ts';
import { validateEach } from './index.ts';
import { tuneForManyFolders } from './batch-tuning.ts';

export const DEFAULT_CORPUS = CORPUS_DIR;

/** Folders holding a definition or properties file, at most two levels below `root`. */
export async function connectorFolders(root: string): Promise<string[]> {
  const found: string[] = [];
  let level = [root];
  for (let depth = 0; depth <= 2 && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await readdir(dir, { withFileTypes: true });
      const names = new Set(entries.map((entry) => entry.name));
      if (depth > 0 && (names.has(CONNECTOR_FILES.definition) || names.has(CONNECTOR_FILES.properties))) {
        found.push(dir);
        continue;
      }
      next.push(...entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(dir, entry.name)));
    }
    level = next;
  }
  return found.sort();
}

const DEFINITION_OR_PROPERTIES = new Set<string>([CONNECTOR_FILES.definition, CONNECTOR_FILES.properties]);

export async function benchCorpus(options: { dir?: string }): Promise<void> {
  const root = path.resolve(options.dir ?? DEFAULT_CORPUS);
  const folders = await corpusFolders(root, options.dir !== undefined);
  if (!folders) return;
  const name = (dir: string) => path.relative(root, dir);
  const load = os.loadavg().map((value) => Math.round(value * 100) / 100);
  const staticMs = await timeValidateProcess(folders);
  const findings = await countFindings(folders, name);
  const scripts = await checkCorpusScripts(folders, name);
  const share = findings.withDefinitionError.length / folders.length;
  const lines = [
    `Corpus ${root}: ${folders.length} connector folders, ${scripts.count} scripts (load average ${load.join(', ')} on ${os.availableParallelism()} cores).`,
    `Static rules: ${(staticMs / 1000).toFixed(1)} s in a validate process (${(findings.cpuMs / 1000).toFixed(1)} s of CPU in-process); ${findings.withDefinitionError.length} folders (${(share * 100).toFixed(1)}%) with an error in ${CONNECTOR_FILES.definition} or ${CONNECTOR_FILES.properties}:`,
    ...describeFindings(findings),
    ...describeScripts(scripts),
    `Crashes: ${findings.crashes.length}${findings.crashes.length > 0 ? ':' : '.'}`,
    ...findings.crashes.map(({ folder, failure }) => `  ${folder}: ${failure}`),
  ];
  const summary = {
    task: 'corpus',
    dir: root,
    folders: folders.length,
    foldersWithDefinitionOrPropertiesError: findings.withDefinitionError.length,
    share: Math.round(share * 10_000) / 10_000,
    staticMs: Math.round(staticMs),
    staticCpuMs: Math.round(findings.cpuMs),
    byRule: findings.byRule,
    scripts: scripts.count,
    scriptsRefused: scripts.refused,
    scriptMs: Math.round(scripts.ms),
    crashes: findings.crashes.length,
    loadAverage: load,
  };
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(summary)}\n`);
}

/** The corpus's connector folders; undefined (after saying so) when the default corpus is absent. */
async function corpusFolders(root: string, named: boolean): Promise<string[] | undefined> {
  if (!existsSync(root)) {
    if (named)
      throw new UserError(`The corpus folder ${root} does not exist.`, {
        hint: 'Pass a folder of connector folders, e.g. ../shared/corpus.',
        exitCode: EXIT_STATUS.usage,
      });
    process.stdout.write(
      `No corpus at ${root}: nothing to measure.\n${JSON.stringify({ task: 'corpus', skipped: true, dir: root })}\n`,
    );
    return undefined;
  }
  const folders = await connectorFolders(root);
  if (folders.length === 0)
    throw new UserError(`${root} holds no connector folders.`, {
      hint: 'Pass a folder whose subfolders hold apiDefinition.swagger.json files.',
      exitCode: EXIT_STATUS.usage,
    });
  return folders;
}

/** Static rules, timed as a user runs them: one validate process over every folder. */
async function timeValidateProcess(folders: string[]): Promise<number> {
  const started = performance.now();
  const run = await execa(process.execPath, [CLI_ENTRY, 'validate', '--no-compile', ...folders], {
    reject: false,
    maxBuffer: 64 * 1024 ** 2,
  });
  const ms = performance.now() - started;
  if (!run.stdout.includes(`${folders.length} folders:`)) {
    throw new UserError(
      `validate did not judge the ${folders.length} folders (exit code ${run.exitCode}): ${run.stderr.trim().split('\n').at(-1) ?? ''}`,
    );
  }
  return ms;
}

interface CorpusFindings {
  byRule: Record<string, { errors: number; warnings: number }>;
  withDefinitionError: Array<{ folder: string; rules: string[] }>;
  crashes: Array<{ folder: string; failure: string }>;
  cpuMs: number;
}

/**
 * The same rules again in this process for the counts, with the CPU time they take: on a busy
 * machine the wall time of the process says more about the neighbours than about the validator.
 */
async function countFindings(folders: string[], name: (dir: string) => string): Promise<CorpusFindings> {
  const counted: CorpusFindings = { byRule: {}, withDefinitionError: [], crashes: [], cpuMs: 0 };
  tuneForManyFolders(); // as the validate process does
  const cpuBefore = process.cpuUsage();
  for await (const result of validateEach(folders)) {
    if (result.failure) {
      counted.crashes.push({ folder: name(result.dir), failure: result.failure.message });
      continue;
    }
    const findings = result.findings;
    for (const severity of ['error', 'warning'] as const) {
      for (const ruleId of new Set(findings.filter((f) => f.severity === severity).map((f) => f.ruleId))) {
        counted.byRule[ruleId] ??= { errors: 0, warnings: 0 };
        counted.byRule[ruleId][severity === 'error' ? 'errors' : 'warnings']++;
      }
    }
    const definitionErrors = findings.filter(
      (f) => f.severity === 'error' && f.file.split(', ').some((file) => DEFINITION_OR_PROPERTIES.has(file)),
    );
    if (definitionErrors.length > 0)
      counted.withDefinitionError.push({
        folder: name(result.dir),
        rules: [...new Set(definitionErrors.map((f) => f.ruleId))],
      });
  }
  const cpu = process.cpuUsage(cpuBefore);
  counted.cpuMs = (cpu.user + cpu.system) / 1000;
  return counted;
}

interface CorpusScripts {
  count: number;
  ms: number;
  refused: Array<{ script: string; reason: string }>;
  /** Scripts with a warning, by rule (and compiler id). */
  warnings: Record<string, number>;
}

/** Every script of every folder (some are not named script.csx), checked in one host process. */
async function checkCorpusScripts(folders: string[], name: (dir: string) => string): Promise<CorpusScripts> {
  const scripts: string[] = [];
  for (const dir of folders) {
    for (const entry of await readdir(dir))
      if (entry.toLowerCase().endsWith('.csx')) scripts.push(path.join(dir, entry));
  }
  const { checkScripts } = await import('../script-host/check.ts');
  const started = performance.now();
  const checked = await checkScripts(scripts, { noCache: true });
  const ms = performance.now() - started;
  const refused = checked.flatMap((result) => {
    const firstError = result.diagnostics.find((d) => d.severity === 'error');
    const reason =
      result.error ??
      (firstError &&
        `${firstError.rule}${firstError.id === firstError.rule ? '' : ` ${firstError.id}`} line ${firstError.line}: ${firstError.message}`);
    return reason ? [{ script: name(result.script), reason }] : [];
  });
  const warnings: Record<string, number> = {};
  for (const result of checked) {
    for (const key of new Set(
      result.diagnostics
        .filter((d) => d.severity === 'warning')
        .map((d) => (d.id === d.rule ? d.rule : `${d.rule} ${d.id}`)),
    )) {
      warnings[key] = (warnings[key] ?? 0) + 1;
    }
  }
  return { count: scripts.length, ms, refused, warnings };
}

function describeFindings({ withDefinitionError, byRule }: CorpusFindings): string[] {
  return [
    ...withDefinitionError.map(({ folder, rules }) => `  ${folder}: ${rules.join(', ')}`),
    'Folders flagged, by rule (errors / warnings):',
    ...Object.entries(byRule)
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(
        ([id, count]) =>
          `  ${id.padEnd(6)} ${String(count.errors).padStart(4)} / ${String(count.warnings).padStart(4)}`,
      ),
  ];
}

function describeScripts({ ms, refused, warnings }: CorpusScripts): string[] {
  return [
    `Scripts: ${(ms / 1000).toFixed(1)} s; ${refused.length} refused${refused.length > 0 ? ':' : '.'}`,
    ...refused.map(({ script, reason }) => `  ${script}: ${reason}`),
    `Scripts with warnings, by rule: ${
      Object.entries(warnings)
        .map(([key, count]) => `${key} ${count}`)
        .join(', ') || 'none'
    }.`,
  ];
}
