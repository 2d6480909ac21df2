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

// eslint-disable-next-line max-lines-per-function -- split in progress (structure)
export async function benchCorpus(options: { dir?: string }): Promise<void> {
  const root = path.resolve(options.dir ?? DEFAULT_CORPUS);
  if (!existsSync(root)) {
    if (options.dir)
      throw new UserError(`The corpus folder ${root} does not exist.`, {
        hint: 'Pass a folder of connector folders, e.g. ../shared/corpus.',
        exitCode: EXIT_STATUS.usage,
      });
    process.stdout.write(
      `No corpus at ${root}: nothing to measure.\n${JSON.stringify({ task: 'corpus', skipped: true, dir: root })}\n`,
    );
    return;
  }
  const folders = await connectorFolders(root);
  if (folders.length === 0)
    throw new UserError(`${root} holds no connector folders.`, {
      hint: 'Pass a folder whose subfolders hold apiDefinition.swagger.json files.',
      exitCode: EXIT_STATUS.usage,
    });
  const name = (dir: string) => path.relative(root, dir);
  const load = os.loadavg().map((value) => Math.round(value * 100) / 100);

  // Static rules, timed as a user runs them: one validate process over every folder.
  const staticStart = performance.now();
  const run = await execa(process.execPath, [CLI_ENTRY, 'validate', '--no-compile', ...folders], {
    reject: false,
    maxBuffer: 64 * 1024 ** 2,
  });
  const staticMs = performance.now() - staticStart;
  if (!run.stdout.includes(`${folders.length} folders:`)) {
    throw new UserError(
      `validate did not judge the ${folders.length} folders (exit code ${run.exitCode}): ${run.stderr.trim().split('\n').at(-1) ?? ''}`,
    );
  }

  // The same rules again in this process for the counts, with the CPU time they take: on a busy
  // machine the wall time above says more about the neighbours than about the validator.
  const byRule: Record<string, { errors: number; warnings: number }> = {};
  const withDefinitionError: Array<{ folder: string; rules: string[] }> = [];
  const crashes: Array<{ folder: string; failure: string }> = [];
  const cpuBefore = process.cpuUsage();
  for await (const result of validateEach(folders)) {
    if (result.failure) {
      crashes.push({ folder: name(result.dir), failure: result.failure.message });
      continue;
    }
    const findings = result.findings;
    for (const severity of ['error', 'warning'] as const) {
      for (const ruleId of new Set(findings.filter((f) => f.severity === severity).map((f) => f.ruleId))) {
        byRule[ruleId] ??= { errors: 0, warnings: 0 };
        byRule[ruleId][severity === 'error' ? 'errors' : 'warnings']++;
      }
    }
    const definitionErrors = findings.filter(
      (f) => f.severity === 'error' && f.file.split(', ').some((file) => DEFINITION_OR_PROPERTIES.has(file)),
    );
    if (definitionErrors.length > 0)
      withDefinitionError.push({
        folder: name(result.dir),
        rules: [...new Set(definitionErrors.map((f) => f.ruleId))],
      });
  }
  const cpu = process.cpuUsage(cpuBefore);
  const staticCpuMs = (cpu.user + cpu.system) / 1000;

  // Every script of every folder (some are not named script.csx), in one host process.
  const scripts: string[] = [];
  for (const dir of folders) {
    for (const entry of await readdir(dir))
      if (entry.toLowerCase().endsWith('.csx')) scripts.push(path.join(dir, entry));
  }
  const { checkScripts } = await import('../script-host/check.ts');
  const scriptStart = performance.now();
  const checked = await checkScripts(scripts, { noCache: true });
  const scriptMs = performance.now() - scriptStart;
  const refused = checked.flatMap((result) => {
    const firstError = result.diagnostics.find((d) => d.severity === 'error');
    const reason =
      result.error ??
      (firstError &&
        `${firstError.rule}${firstError.id === firstError.rule ? '' : ` ${firstError.id}`} line ${firstError.line}: ${firstError.message}`);
    return reason ? [{ script: name(result.script), reason }] : [];
  });
  const scriptWarnings: Record<string, number> = {};
  for (const result of checked) {
    for (const key of new Set(
      result.diagnostics
        .filter((d) => d.severity === 'warning')
        .map((d) => (d.id === d.rule ? d.rule : `${d.rule} ${d.id}`)),
    )) {
      scriptWarnings[key] = (scriptWarnings[key] ?? 0) + 1;
    }
  }

  const share = withDefinitionError.length / folders.length;
  const lines = [
    `Corpus ${root}: ${folders.length} connector folders, ${scripts.length} scripts (load average ${load.join(', ')} on ${os.availableParallelism()} cores).`,
    `Static rules: ${(staticMs / 1000).toFixed(1)} s in a validate process (${(staticCpuMs / 1000).toFixed(1)} s of CPU in-process); ${withDefinitionError.length} folders (${(share * 100).toFixed(1)}%) with an error in ${CONNECTOR_FILES.definition} or ${CONNECTOR_FILES.properties}:`,
    ...withDefinitionError.map(({ folder, rules }) => `  ${folder}: ${rules.join(', ')}`),
    'Folders flagged, by rule (errors / warnings):',
    ...Object.entries(byRule)
      .sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }))
      .map(
        ([id, count]) =>
          `  ${id.padEnd(6)} ${String(count.errors).padStart(4)} / ${String(count.warnings).padStart(4)}`,
      ),
    `Scripts: ${(scriptMs / 1000).toFixed(1)} s; ${refused.length} refused${refused.length > 0 ? ':' : '.'}`,
    ...refused.map(({ script, reason }) => `  ${script}: ${reason}`),
    `Scripts with warnings, by rule: ${
      Object.entries(scriptWarnings)
        .map(([key, count]) => `${key} ${count}`)
        .join(', ') || 'none'
    }.`,
    `Crashes: ${crashes.length}${crashes.length > 0 ? ':' : '.'}`,
    ...crashes.map(({ folder, failure }) => `  ${folder}: ${failure}`),
  ];
  const summary = {
    task: 'corpus',
    dir: root,
    folders: folders.length,
    foldersWithDefinitionOrPropertiesError: withDefinitionError.length,
    share: Math.round(share * 10_000) / 10_000,
    staticMs: Math.round(staticMs),
    staticCpuMs: Math.round(staticCpuMs),
    byRule,
    scripts: scripts.length,
    scriptsRefused: refused,
    scriptMs: Math.round(scriptMs),
    crashes: crashes.length,
    loadAverage: load,
  };
  process.stdout.write(`${lines.join('\n')}\n${JSON.stringify(summary)}\n`);
}
