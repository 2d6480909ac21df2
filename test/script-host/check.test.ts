import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkScript, checkScripts } from '../../src/script-host/check.ts';
import type { ScriptDiagnostic } from '../../src/script-host/protocol.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);
const errors = (diagnostics: ScriptDiagnostic[]) => diagnostics.filter((d) => d.severity === 'error');
const brief = (diagnostics: ScriptDiagnostic[]) => diagnostics.map((d) => [d.severity, d.rule, d.id, d.line, d.column]);

// Every fixture compiles in one host process, as `check-script a.csx b.csx …` does.
const names = [
  'with-using.csx',
  'without-using.csx',
  'implicit-usings.csx',
  'context-members.csx',
  'outside-list.csx',
  'use-before-declaration.csx',
  'ambiguous-formatting.csx',
  'lower-case-class.csx',
  'net48-missing-api.csx',
  'raw-string-literal.csx',
  'missing-script-class.csx',
] as const;
const found = new Map<string, ScriptDiagnostic[]>();

beforeAll(async () => {
  const results = await checkScripts([path.join(repoRoot, 'script.csx'), ...names.map(fixture)]);
  expect(results.map((result) => result.script)).toEqual([path.join(repoRoot, 'script.csx'), ...names.map(fixture)]);
  found.set('script.csx', results[0]!.diagnostics);
  names.forEach((name, index) => found.set(name, results[index + 1]!.diagnostics));
});

describe('check mode compiles like Power Platform (C# 10, .NET Framework 4.8, documented namespaces imported implicitly)', () => {
  it("the connector's own script.csx compiles with no error and no warning", () => {
    expect(found.get('script.csx')).toEqual([]);
  });

  it('scripts with and without using directives both compile', () => {
    expect(found.get('with-using.csx')).toEqual([]);
    expect(found.get('without-using.csx')).toEqual([]);
  });

  it('HttpUtility, Regex, SHA256, HMACSHA512, MD5, XmlDocument and Debug need no using directive', () => {
    expect(found.get('implicit-usings.csx')).toEqual([]);
  });

  it('IScriptContext has OriginalRequestUri and CreateNotificationUri, as certified scripts use them', () => {
    expect(found.get('context-members.csx')).toEqual([]);
  });

  it('types outside the documented namespaces, by full name or through a using, are warnings (CSX3), not errors', () => {
    const diagnostics = found.get('outside-list.csx')!;
    expect(errors(diagnostics)).toEqual([]);
    expect(brief(diagnostics)).toEqual([
      ['warning', 'CSX3', 'CSX3', 3, 7], // using System.Globalization;
      ['warning', 'CSX3', 'CSX3', 9, 56], // System.Collections.Specialized.NameValueCollection
      ['warning', 'CSX3', 'CSX3', 10, 67], // CultureInfo (through the using)
      ['warning', 'CSX3', 'CSX3', 10, 118], // System.Globalization.DateTimeStyles
      ['warning', 'CSX3', 'CSX3', 11, 96], // System.Runtime.Serialization.StreamingContext
      ['warning', 'CSX3', 'CSX3', 12, 64], // Newtonsoft.Json.Converters.StringEnumConverter
    ]);
    expect(diagnostics[1]!.message).toContain("'System.Collections.Specialized.NameValueCollection'");
    expect(diagnostics[0]!.file).toBe(fixture('outside-list.csx'));
  });

  it('a local used before its declaration stays a compile error (CSX5 CS0841)', () => {
    expect(brief(found.get('use-before-declaration.csx')!)).toEqual([['error', 'CSX5', 'CS0841', 6, 9]]);
  });

  it('a bare Formatting is ambiguous, as on the platform where System.Xml is imported too (CS0104)', () => {
    const diagnostics = found.get('ambiguous-formatting.csx')!;
    expect(brief(diagnostics)).toEqual([['error', 'CSX5', 'CS0104', 7, 59]]);
    expect(diagnostics[0]!.message).toContain("'Newtonsoft.Json.Formatting' and 'System.Xml.Formatting'");
  });

  it('a class `script` in lower case is a CSX2 warning, not an error', () => {
    expect(brief(found.get('lower-case-class.csx')!)).toEqual([['warning', 'CSX2', 'CSX2', 2, 14]]);
  });

  it('catches an API .NET Framework 4.8 lacks (Convert.ToHexString)', () => {
    const diagnostics = errors(found.get('net48-missing-api.csx')!);
    expect(brief(diagnostics)).toEqual([['error', 'CSX5', 'CS0117', 6, 27]]);
    expect(diagnostics[0]!.message).toContain('ToHexString');
  });

  it('catches a C# 11 feature (raw string literal)', () => {
    const diagnostics = errors(found.get('raw-string-literal.csx')!);
    expect(diagnostics[0]).toMatchObject({ rule: 'CSX5', id: 'CS8936', line: 6 });
    expect(diagnostics[0]!.message).toMatch(/raw string literals.*C# 10/);
  });

  it('catches a script without a Script class (CSX2)', () => {
    expect(errors(found.get('missing-script-class.csx')!)).toEqual([
      expect.objectContaining({
        rule: 'CSX2',
        id: 'CSX2',
        line: 1,
        column: 1,
        message: expect.stringContaining('no class named Script'),
      }),
    ]);
  });

  it('reports a missing file as a user error, not a crash', async () => {
    await expect(checkScript(fixture('no-such-script.csx'))).rejects.toThrow(/does not exist/);
  });
});
