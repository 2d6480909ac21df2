import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../src/shared/paths.ts';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);
const cli = (...args: string[]) =>
  execa(process.execPath, [CLI_ENTRY, ...args], { reject: false, cwd: REPOSITORY_ROOT });
const noStackTrace = /\n\s+at /;

describe('acs-connector check-script', () => {
  it('lists each finding as file:line:column and exits 1 on errors', async () => {
    const script = path.relative(REPOSITORY_ROOT, fixture('net48-missing-api.csx'));
    const result = await cli('check-script', '--script', script);
    expect(result.stdout).toMatch(
      new RegExp(`^${script.replace(/[.\\]/g, '\\$&')}:6:27: error CSX5 CS0117: .*ToHexString`, 'm'),
    );
    expect(result.stdout).toMatch(/^1 error\(s\), 0 warning\(s\)\.$/m);
    expect(result.exitCode).toBe(1);
  });

  it("checks several scripts in one run: each one's findings, then a total; warnings alone pass", async () => {
    const scripts = ['outside-list.csx', 'without-using.csx', 'lower-case-class.csx'].map((name) =>
      path.relative(REPOSITORY_ROOT, fixture(name)),
    );
    const result = await cli('check-script', ...scripts);
    expect(result.stdout).toMatch(
      /outside-list\.csx:3:7: warning CSX3: namespace 'System\.Globalization' is outside the namespaces Microsoft documents/,
    );
    expect(result.stdout).toContain(`${scripts[1]}: compiles clean`);
    expect(result.stdout).toMatch(/lower-case-class\.csx:2:14: warning CSX2: /);
    expect(result.stdout).toMatch(/^3 scripts checked, 0 refused: 0 error\(s\), 7 warning\(s\)\.$/m);
    expect(result.exitCode).toBe(0);
  });

  it('--json gives {script, diagnostics} per script, in the order given, and exits 1 when one is refused', async () => {
    const scripts = [fixture('use-before-declaration.csx'), fixture('with-using.csx')];
    const result = await cli('check-script', '--json', '--script', scripts[0]!, '--script', scripts[1]!);
    const report = JSON.parse(result.stdout) as Array<{
      script: string;
      diagnostics: Array<{ rule: string; id: string }>;
    }>;
    expect(report.map((entry) => entry.script)).toEqual(scripts);
    expect(report[0]!.diagnostics).toEqual([
      expect.objectContaining({ rule: 'CSX5', id: 'CS0841', severity: 'error' }),
    ]);
    expect(report[1]!.diagnostics).toEqual([]);
    expect(result.exitCode).toBe(1);
  });

  it.each([
    [
      'a missing file',
      fixture('no-such-script.csx'),
      `error: The script file ${fixture('no-such-script.csx')} does not exist.`,
    ],
    ['a folder', import.meta.dirname, `error: ${import.meta.dirname} is a folder, not a script file.`],
  ])('reports %s given as --script as a usage error without a stack trace', async (_what, script, message) => {
    const result = await cli('check-script', '--script', script);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/^hint: .*--script/m);
    expect(result.stderr).not.toMatch(noStackTrace);
  });
});

describe('acs-connector bench script', () => {
  it.each([['abc'], ['-5'], ['0']])('rejects --requests %s as a usage error naming the flag', async (requests) => {
    const result = await cli('bench', 'script', '--requests', requests);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `error: option '--requests <n>' argument '${requests}' is invalid. Give a whole number of 1 or more.`,
    );
    expect(result.stdout).toBe('');
  });

  it('reports a folder given as --script as a usage error, not as a fault of the tool', async () => {
    const result = await cli('bench', 'script', '--script', 'src', '--requests', '1');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('error: src is a folder, not a script file.');
    expect(result.stderr).not.toContain('fault in acs-connector');
  });
});
