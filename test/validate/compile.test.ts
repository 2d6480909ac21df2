import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateConnectorFolder } from '../../src/validate/index.ts';
import { ConnectorCopy, MINIMAL_FIXTURE } from './helpers.ts';

// The end-to-end compile check runs in the real .NET host (compile-host.test.ts); here the
// mapping from the host's diagnostics to CSX5 findings is checked with an injected checker.
let copy: ConnectorCopy | undefined;
afterEach(async () => {
  await copy?.dispose();
  copy = undefined;
});

describe('CSX5 compile diagnostics', () => {
  it('turns each diagnostic into a finding at its line and column, keeping its severity', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    const checkScript = vi.fn(async (scriptPath: string) => [
      { file: scriptPath, line: 12, column: 17, severity: 'error' as const, id: 'CS0103', message: "The name 'reqest' does not exist in the current context" },
      { file: scriptPath, line: 3, column: 1, severity: 'warning' as const, id: 'CS8019', message: 'Unnecessary using directive.' },
    ]);
    const findings = await validateConnectorFolder(copy.dir, { compileScript: true, checkScript });
    expect(checkScript).toHaveBeenCalledWith(copy.file('script.csx'));
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'CSX5', severity: 'error', file: 'script.csx', location: 'line 12, column 17', message: "CS0103: The name 'reqest' does not exist in the current context" }),
      expect.objectContaining({ ruleId: 'CSX5', severity: 'warning', file: 'script.csx', location: 'line 3, column 1', message: 'CS8019: Unnecessary using directive.' }),
    ]);
  });

  it('does not repeat the host\'s namespace finding for a `using` that CSX3 reports', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.write('script.csx', 'using System.Collections.Concurrent;\n' + (await copy.readText('script.csx')));
    const checkScript = async (scriptPath: string) => [
      { file: scriptPath, line: 1, column: 7, severity: 'error' as const, id: 'CSX-NS', message: "namespace 'System.Collections.Concurrent' is not allowed" },
      { file: scriptPath, line: 9, column: 5, severity: 'error' as const, id: 'CSX-NS', message: "namespace 'System.Reflection' is not allowed" },
    ];
    const findings = await validateConnectorFolder(copy.dir, { compileScript: true, checkScript });
    expect(findings.map((f) => `${f.ruleId} ${f.location}`)).toEqual(['CSX3 line 1', 'CSX5 line 9, column 5']);
  });

  it('does not repeat the host\'s size finding when CSX1 reports the script is over 1 MB', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.write('script.csx', (await copy.readText('script.csx')) + `// ${'x'.repeat(1024 * 1024)}\n`);
    const checkScript = async (scriptPath: string) => [
      { file: scriptPath, line: 1, column: 1, severity: 'error' as const, id: 'CSX-SIZE', message: 'The script is too big.' },
    ];
    const findings = await validateConnectorFolder(copy.dir, { compileScript: true, checkScript });
    expect(findings.map((f) => f.ruleId)).toEqual(['CSX1']);
  });

  it('does not compile unless asked', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    const checkScript = vi.fn(async () => []);
    expect(await validateConnectorFolder(copy.dir, { checkScript })).toEqual([]);
    expect(checkScript).not.toHaveBeenCalled();
  });

  it('reports a compile check that cannot run as a warning that names the way out', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    const checkScript = async () => { throw new Error('dotnet was not found on PATH'); };
    const findings = await validateConnectorFolder(copy.dir, { compileScript: true, checkScript });
    expect(findings).toEqual([
      expect.objectContaining({ ruleId: 'CSX5', severity: 'warning', message: expect.stringContaining('dotnet was not found on PATH'), hint: expect.stringContaining('--no-compile') }),
    ]);
  });
});
