import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConnectorFolders, type Finding } from '../../src/validate/index.ts';
import { ConnectorCopy, MINIMAL_FIXTURE, REPO_ROOT, rootPackageExists } from './helpers.ts';

// The script checks the .NET host owns (CSX1, CSX2, CSX3, CSX5, CSX6), through the real host
// (built once by test/global-setup.ts). Every seeded copy is validated in one call, so all their
// scripts compile in one host process.

type Seed = (script: string) => string;
const seeds: Record<string, Seed> = {
  clean: (script) => script,
  oversize: (script) => `${script}\n// ${'x'.repeat(1024 * 1024)}\n`,
  noScriptClass: (script) => script.replace(/\bclass Script\b/, 'class Transformer'),
  lowerCaseClass: (script) => script.replace(/\bclass Script\b/, 'class script'),
  usingOutsideList: (script) => `using System.Globalization;\n${script}`,
  noExecuteAsync: (script) => script.replace(/\boverride\s+/g, ''),
  typo: (script) => script.replace('return new HttpResponseMessage', 'return new HttpResponseMesage'),
  // 150 compile errors: the host sends its first 100 and a line counting the rest.
  manyErrors: (script) =>
    `${script}\n${Array.from({ length: 150 }, (_, index) => `class Broken${index} { int x = "a"; }`).join('\n')}\n`,
};

const copies = new Map<string, ConnectorCopy>();
const findings = new Map<string, Finding[]>();

beforeAll(async () => {
  for (const [name, seed] of Object.entries(seeds)) {
    const copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.write('script.csx', seed(await copy.readText('script.csx')));
    copies.set(name, copy);
  }
  if (rootPackageExists()) copies.set('package', await ConnectorCopy.of(REPO_ROOT));
  const names = [...copies.keys()];
  const results = await validateConnectorFolders(
    names.map((name) => copies.get(name)!.dir),
    { compileScript: true },
  );
  results.forEach((result, index) => findings.set(names[index]!, result.findings ?? []));
});

afterAll(async () => {
  await Promise.all([...copies.values()].map((copy) => copy.dispose()));
});

const of = (name: string, ruleId: string) => findings.get(name)!.filter((finding) => finding.ruleId === ruleId);

describe('validate with the compile check (one host process for many folders)', () => {
  it('finds nothing in the unchanged minimal fixture', () => {
    expect(findings.get('clean')).toEqual([]);
  });

  it('a script with 150 compile errors gets the first 25 and one line counting the rest, the host having sent at most 100', () => {
    const csx5 = findings.get('manyErrors')!.filter((finding) => finding.ruleId === 'CSX5');
    expect(csx5).toHaveLength(26);
    // 150 errors: 100 sent by the host plus its counting line make 76 beyond the 25 listed.
    expect(csx5.at(-1)!.message).toBe('76 more CSX5 findings not listed (only the first 25 of each rule are).');
  });

  it('CSX1: a script over 1 MB is an error', () => {
    expect(of('oversize', 'CSX1')).toEqual([
      expect.objectContaining({
        severity: 'error',
        file: 'script.csx',
        location: 'line 1, column 1',
        message: expect.stringMatching(/at most 1048576 bytes/),
      }),
    ]);
  });

  it('CSX2: no Script class is one error, reported by the host alone', () => {
    expect(
      findings
        .get('noScriptClass')!
        .filter((f) => /class named Script/.test(f.message))
        .map((f) => [f.ruleId, f.severity]),
    ).toEqual([['CSX2', 'error']]);
  });

  it('CSX2: a class `script` in lower case is a warning, and nothing else is wrong', () => {
    expect(findings.get('lowerCaseClass')).toEqual([
      expect.objectContaining({
        ruleId: 'CSX2',
        severity: 'warning',
        message: expect.stringContaining('named `script`'),
      }),
    ]);
  });

  it('CSX3: a using outside the documented list is a warning at its position', () => {
    expect(findings.get('usingOutsideList')).toEqual([
      expect.objectContaining({
        ruleId: 'CSX3',
        severity: 'warning',
        location: 'line 1, column 7',
        message: expect.stringContaining("namespace 'System.Globalization'"),
      }),
    ]);
  });

  it("CSX6: a Script without an ExecuteAsync override is an error (the compiler's CS0534)", () => {
    expect(of('noExecuteAsync', 'CSX6')).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringMatching(/^CS0534: .*ExecuteAsync/) }),
    ]);
    expect(of('noExecuteAsync', 'CSX5').filter((f) => f.message.startsWith('CS0534'))).toEqual([]);
  });

  it('CSX5: a C# error is reported at its line and column with the compiler id', async () => {
    const lines = (await copies.get('typo')!.readText('script.csx')).split('\n');
    const at = lines.findIndex((line) => line.includes('HttpResponseMesage'));
    expect(of('typo', 'CSX5')).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        file: 'script.csx',
        location: `line ${at + 1}, column ${lines[at]!.indexOf('HttpResponseMesage') + 1}`,
        message: expect.stringMatching(/^CS0246: .*HttpResponseMesage/),
      }),
    );
  });
});

describe.runIf(rootPackageExists())('the repository package', () => {
  it('compiles without findings', () => {
    expect(findings.get('package')).toEqual([]);
  });
});
