import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ScriptCheckResult, ScriptDiagnostic } from '../../src/script-host/protocol.ts';
import { RULES, validateConnectorFolder, validateConnectorFolders } from '../../src/validate/index.ts';
import { ConnectorCopy, MINIMAL_FIXTURE, REPO_ROOT } from './helpers.ts';

// The end-to-end compile check runs in the real .NET host (compile-host.test.ts); here the
// mapping from the host's rule-tagged diagnostics to findings is checked with an injected checker.
let copies: ConnectorCopy[] = [];
afterEach(async () => {
  await Promise.all(copies.map((copy) => copy.dispose()));
  copies = [];
});
const copyOf = async () => {
  const copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
  copies.push(copy);
  return copy;
};

const diagnostic = (scriptPath: string, fields: Partial<ScriptDiagnostic>): ScriptDiagnostic => ({
  file: scriptPath,
  line: 1,
  column: 1,
  severity: 'error',
  rule: 'CSX5',
  id: 'CS0000',
  message: 'problem',
  ...fields,
});

describe('script findings come from the host, each under the rule id the host gives', () => {
  it('maps each diagnostic to its rule at its line and column, keeping its severity', async () => {
    const copy = await copyOf();
    const checkScripts = vi.fn(async (paths: string[]): Promise<ScriptCheckResult[]> =>
      paths.map((script) => ({
        script,
        diagnostics: [
          diagnostic(script, {
            line: 12,
            column: 17,
            id: 'CS0103',
            message: "The name 'reqest' does not exist in the current context",
          }),
          diagnostic(script, {
            line: 3,
            column: 1,
            severity: 'warning',
            id: 'CS0168',
            message: "The variable 'e' is declared but never used",
          }),
          diagnostic(script, {
            line: 9,
            column: 5,
            severity: 'warning',
            rule: 'CSX3',
            id: 'CSX3',
            message: "'System.Globalization.CultureInfo' is outside the documented namespaces",
          }),
        ],
      })),
    );
    const findings = await validateConnectorFolder(copy.dir, { compileScript: true, checkScripts });
    expect(checkScripts).toHaveBeenCalledWith([copy.file('script.csx')]);
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'CSX5',
        severity: 'error',
        file: 'script.csx',
        location: 'line 12, column 17',
        message: "CS0103: The name 'reqest' does not exist in the current context",
      }),
      expect.objectContaining({
        ruleId: 'CSX3',
        severity: 'warning',
        file: 'script.csx',
        location: 'line 9, column 5',
        message: "'System.Globalization.CultureInfo' is outside the documented namespaces",
      }),
      expect.objectContaining({
        ruleId: 'CSX5',
        severity: 'warning',
        file: 'script.csx',
        location: 'line 3, column 1',
        message: "CS0168: The variable 'e' is declared but never used",
      }),
    ]);
  });

  it('checks the scripts of several folders in one call, in order', async () => {
    const [first, second] = [await copyOf(), await copyOf()];
    const checkScripts = vi.fn(async (paths: string[]): Promise<ScriptCheckResult[]> =>
      paths.map((script, index) => ({
        script,
        diagnostics: index === 1 ? [diagnostic(script, { rule: 'CSX2', id: 'CSX2', message: 'no Script class' })] : [],
      })),
    );
    const results = await validateConnectorFolders([first.dir, second.dir], { compileScript: true, checkScripts });
    expect(checkScripts).toHaveBeenCalledTimes(1);
    expect(results.map((result) => result.findings?.map((f) => f.ruleId))).toEqual([[], ['CSX2']]);
  });

  it('reports a rule id it does not know under CSX5 rather than dropping it', async () => {
    const copy = await copyOf();
    const checkScripts = async (paths: string[]) =>
      paths.map((script) => ({ script, diagnostics: [diagnostic(script, { rule: 'CSX99', id: 'CSX99' })] }));
    expect(
      (await validateConnectorFolder(copy.dir, { compileScript: true, checkScripts })).map((f) => f.ruleId),
    ).toEqual(['CSX5']);
  });

  it('every rule id the C# host declares is in the rule table, with its file', async () => {
    const source = await readFile(path.join(REPO_ROOT, 'src/script-host/ScriptHost/ScriptCompiler.cs'), 'utf8');
    const hostIds = [...source.matchAll(/public const string \w+ = "(CSX\d+)";/g)].map((match) => match[1]);
    expect(hostIds.length).toBeGreaterThanOrEqual(5);
    for (const id of hostIds) expect(RULES.find((rule) => rule.id === id)?.file, id).toBe('script.csx');
  });

  it('does not compile unless asked', async () => {
    const copy = await copyOf();
    const checkScripts = vi.fn(async () => []);
    expect(await validateConnectorFolder(copy.dir, { checkScripts })).toEqual([]);
    expect(checkScripts).not.toHaveBeenCalled();
  });

  it('reports a compile check that cannot run as one warning that names the way out', async () => {
    const copy = await copyOf();
    const checkScripts = async () => {
      throw new Error('dotnet was not found on PATH');
    };
    const findings = await validateConnectorFolder(copy.dir, { compileScript: true, checkScripts });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'CSX5',
        severity: 'warning',
        message: expect.stringContaining('dotnet was not found on PATH'),
        hint: expect.stringContaining('--no-compile'),
      }),
    ]);
  });
});
