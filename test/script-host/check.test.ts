import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkScript } from '../../src/script-host/check.ts';
import type { ScriptDiagnostic } from '../../src/script-host/protocol.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);
const errors = (diagnostics: ScriptDiagnostic[]) => diagnostics.filter((d) => d.severity === 'error');

describe('check mode compiles like Power Platform (C# 10, .NET Framework 4.8, supported namespaces)', () => {
  it("the connector's own script.csx compiles with no error and no warning", async () => {
    expect(await checkScript(path.join(repoRoot, 'script.csx'))).toEqual([]);
  });

  it('scripts with and without `using Microsoft.PowerPlatform.Connectors.CustomCode.CSharp;` both compile', async () => {
    expect(await checkScript(fixture('with-using.csx'))).toEqual([]);
    expect(await checkScript(fixture('without-using.csx'))).toEqual([]);
  });

  it('catches namespaces outside the supported list, at the line and column of the script', async () => {
    const found = errors(await checkScript(fixture('unsupported-namespace.csx')));
    expect(found.map((d) => [d.id, d.line, d.column])).toEqual([
      ['CSX-NS', 1, 7], // using System.Globalization;
      ['CSX-NS', 7, 50], // CultureInfo.InvariantCulture
      ['CSX-NS', 10, 27], // System.Reflection.AssemblyName
    ]);
    expect(found[0]!.message).toContain("'System.Globalization'");
    expect(found[2]!.message).toContain('System.Reflection.AssemblyName');
    expect(found[0]!.file).toBe(fixture('unsupported-namespace.csx'));
  });

  it('catches an API .NET Framework 4.8 lacks (Convert.ToHexString)', async () => {
    const found = errors(await checkScript(fixture('net48-missing-api.csx')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ id: 'CS0117', line: 6, column: 27 });
    expect(found[0]!.message).toContain('ToHexString');
  });

  it('catches a C# 11 feature (raw string literal)', async () => {
    const found = errors(await checkScript(fixture('raw-string-literal.csx')));
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found[0]).toMatchObject({ id: 'CS8936', line: 6 });
    expect(found[0]!.message).toMatch(/raw string literals.*C# 10/);
  });

  it('catches a script without a Script class', async () => {
    expect(errors(await checkScript(fixture('missing-script-class.csx')))).toEqual([
      expect.objectContaining({ id: 'CSX-SCRIPT', line: 1, column: 1, message: expect.stringContaining('no class named Script') }),
    ]);
  });

  it('reports a missing file as a user error, not a crash', async () => {
    await expect(checkScript(fixture('no-such-script.csx'))).rejects.toThrow(/does not exist/);
  });
});
