import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkScripts } from '../../src/script-host/check.ts';
import type { ScriptCheckResult } from '../../src/script-host/protocol.ts';
import { validateConnectorFolders, type FolderResult } from '../../src/validate/index.ts';
import { connectorFolders } from '../../src/validate/corpus-bench.ts';
import { CORPUS_DIR } from '../../src/shared/paths.ts';
import { REPO_ROOT } from './helpers.ts';

// Microsoft's certified connectors, read where they are (never copied into the project); the
// levels of the rules and src/validate/CORPUS.md are held to them. Skipped without the corpus.
const CORPUS = CORPUS_DIR;
const DEFINITION_OR_PROPERTIES = ['apiDefinition.swagger.json', 'apiProperties.json'];

/** The folders CORPUS.md lists as really wrong, with the rule it names for each. */
async function documented(): Promise<Map<string, string>> {
  const text = await readFile(path.join(REPO_ROOT, 'src/validate/CORPUS.md'), 'utf8');
  const section = text.split('\n## ')[1]!;
  return new Map([...section.matchAll(/^\| `([^`]+)` \| (\w+) \|/gm)].map((match) => [match[1]!, match[2]!]));
}

describe.skipIf(!existsSync(CORPUS))('the certified corpus', () => {
  let results: FolderResult[];
  let scripts: ScriptCheckResult[];

  beforeAll(async () => {
    const folders = await connectorFolders(CORPUS);
    const scriptPaths: string[] = [];
    for (const folder of folders) {
      for (const name of await readdir(folder))
        if (name.toLowerCase().endsWith('.csx')) scriptPaths.push(path.join(folder, name));
    }
    [results, scripts] = await Promise.all([validateConnectorFolders(folders), checkScripts(scriptPaths)]);
  }, 300_000);

  it('every folder is judged: no failure of the validator', () => {
    expect(results.length).toBeGreaterThanOrEqual(618);
    expect(
      results.filter((result) => result.failure).map((result) => `${result.dir}: ${result.failure!.message}`),
    ).toEqual([]);
  });

  it('exactly the folders CORPUS.md lists have an error in the definition or properties, under the rule it names, and they are at most 3%', async () => {
    const flagged = new Map<string, string>();
    for (const result of results) {
      const errors = (result.findings ?? []).filter(
        (f) => f.severity === 'error' && f.file.split(', ').some((file) => DEFINITION_OR_PROPERTIES.includes(file)),
      );
      if (errors.length > 0)
        flagged.set(path.basename(result.dir), [...new Set(errors.map((f) => f.ruleId))].join(', '));
    }
    expect(Object.fromEntries(flagged)).toEqual(Object.fromEntries(await documented()));
    expect(flagged.size / results.length).toBeLessThanOrEqual(0.03);
  });

  it('the invalid JSON errors explain that paconn refuses what the service tolerates', () => {
    const json = results.flatMap((result) => result.findings ?? []).filter((f) => f.ruleId === 'JSON1');
    expect(json.length).toBeGreaterThan(0);
    for (const finding of json) expect(finding.message).toMatch(/paconn.*refuses it/);
  });

  it('no certified script is refused, and there are scripts other than script.csx among them', () => {
    expect(scripts.length).toBeGreaterThanOrEqual(56);
    expect(scripts.some((result) => path.basename(result.script) !== 'script.csx')).toBe(true);
    const refused = scripts.filter((result) => result.error || result.diagnostics.some((d) => d.severity === 'error'));
    expect(
      refused.map(
        (result) =>
          `${result.script}: ${result.error ?? result.diagnostics.find((d) => d.severity === 'error')!.message}`,
      ),
    ).toEqual([]);
  });
});
