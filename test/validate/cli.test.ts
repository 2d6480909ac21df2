import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { RULES } from '../../src/validate/index.ts';
import { ConnectorCopy, MINIMAL_FIXTURE, REPO_ROOT, rootPackageExists } from './helpers.ts';

const CLI = path.join(REPO_ROOT, 'bin/acs-connector.js');
const validate = (...args: string[]) =>
  execa(process.execPath, [CLI, 'validate', ...args], { reject: false, cwd: REPO_ROOT });

let copy: ConnectorCopy | undefined;
afterEach(async () => {
  await copy?.dispose();
  copy = undefined;
});

describe('acs-connector validate', () => {
  it.runIf(rootPackageExists())('passes a copy of the repository package with no errors and no warnings', async () => {
    copy = await ConnectorCopy.of(REPO_ROOT);
    const result = await validate('--dir', copy.dir, '--no-compile');
    expect(result.stdout).toBe(`No problems found in ${copy.dir}`);
    // Nothing else either: V8 itself would write here if Node no longer knew one of batch-tuning.ts's settings.
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it.runIf(rootPackageExists())(
    'passes the repository package under --strict, compile included: no warning either',
    async () => {
      const result = await validate('--strict');
      expect(result.stdout).toBe(`No problems found in ${REPO_ROOT}`);
      expect(result.exitCode).toBe(0);
    },
  );

  it('--strict fails a folder with warnings only (exit 1) that passes without it', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.editJson('apiDefinition.swagger.json', (d) => {
      delete d.paths['/tasks/{taskId}'].get.parameters[1]['x-ms-url-encoding'];
    });
    expect((await validate('--dir', copy.dir, '--no-compile')).exitCode).toBe(0);
    const strict = await validate('--dir', copy.dir, '--no-compile', '--strict');
    expect(strict.stdout).toMatch(/^0 errors, 1 warning in .* \(--strict: warnings fail\)$/m);
    expect(strict.exitCode).toBe(1);
  });

  it("names Microsoft's code beside the rule id in text and in --json", async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.editJson('apiDefinition.swagger.json', (d) => {
      d.basePath = 'v1';
    });
    const text = await validate('--dir', copy.dir, '--no-compile');
    expect(text.stdout).toContain('error S6 [BasePathNotValid] apiDefinition.swagger.json /basePath — ');
    const json = JSON.parse((await validate('--dir', copy.dir, '--no-compile', '--json')).stdout);
    expect(json.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'S6', msCode: 'BasePathNotValid', location: '/basePath' }),
    );
  });

  it('--format github annotates each finding with file, line and column; an unknown format is a usage error', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.editJson('apiDefinition.swagger.json', (d) => {
      d.basePath = 'v1';
    });
    const result = await validate(copy.dir, '--no-compile', '--format', 'github');
    expect(result.stdout).toMatch(
      /^::error file=.*apiDefinition\.swagger\.json,line=\d+,col=3,title=S6 BasePathNotValid::/m,
    );
    expect(result.exitCode).toBe(1);
    const wrong = await validate(copy.dir, '--format', 'xml');
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain("option '--format <format>' argument 'xml' is invalid");
  });

  it('checks several folders given as arguments or --dir: one line each, then a total', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.editJson('apiProperties.json', (p) => {
      p.properties.iconBrandColor = '#12345';
    });
    await copy.remove('icon.png');
    const result = await validate(MINIMAL_FIXTURE, '--dir', copy.dir, '--no-compile');
    expect(result.stdout.split('\n')).toEqual([
      `fail  ${copy.dir}: 1 error (P2), 1 warning (FILE1)`,
      `pass  ${MINIMAL_FIXTURE}: no problems`,
      '2 folders: 1 failed; 1 with errors, 0 with warnings only, 1 without problems.',
    ]);
    expect(result.exitCode).toBe(1);
  });

  it('--json with several folders prints one object per folder, one per line', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    const result = await validate('--json', '--no-compile', MINIMAL_FIXTURE, copy.dir);
    const reports = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(reports.map((report) => [report.dir, report.errors, report.warnings])).toEqual([
      [MINIMAL_FIXTURE, 0, 0],
      [copy.dir, 0, 0],
    ]);
    expect(result.exitCode).toBe(0);
  });

  it('with several folders, one that does not exist is named on its line and the run exits 2; the others are still judged', async () => {
    const missing = path.join(MINIMAL_FIXTURE, 'does-not-exist');
    const result = await validate('--no-compile', missing, MINIMAL_FIXTURE);
    expect(result.stdout).toContain(`fail  ${missing}: The folder ${missing} does not exist.`);
    expect(result.stdout).toContain(`pass  ${MINIMAL_FIXTURE}: no problems`);
    expect(result.exitCode).toBe(2);
  });

  it('names rule, file, line and column of invalid JSON, with a fix, and exits 1', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.write('apiDefinition.swagger.json', '{\n  "swagger": "2.0",\n  "info": {,\n}\n');
    const result = await validate('--dir', copy.dir, '--no-compile');
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^error JSON1 apiDefinition\.swagger\.json line 3, column 12 — Not valid JSON/m);
    expect(result.stdout).toMatch(/^ {4}fix: /m);
    expect(result.stdout).toMatch(/^1 error, 0 warnings in /m);
  });

  it('prints one JSON object with --json', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.editJson('apiProperties.json', (p) => {
      p.properties.iconBrandColor = '#007ee5';
    });
    await copy.editJson('apiDefinition.swagger.json', (d) => {
      d.info.title = '';
    });
    const result = await validate('--dir', copy.dir, '--json', '--no-compile');
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.dir).toBe(copy.dir);
    expect(report.errors).toBe(1);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'S2',
        severity: 'error',
        file: 'apiDefinition.swagger.json',
        location: '/info/title',
      }),
    );
    // the default blue is certification guidance, and the icon no longer matches it either
    expect(
      report.findings
        .filter((f: { severity: string }) => f.severity === 'warning')
        .map((f: { ruleId: string }) => f.ruleId)
        .sort(),
    ).toEqual(['ICON5', 'P2']);
    expect(report.warnings).toBe(2);
  });

  it('exits 0 when there are only warnings', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.editJson('apiDefinition.swagger.json', (d) => {
      delete d.paths['/tasks/{taskId}'].get.parameters[1]['x-ms-url-encoding'];
    });
    const result = await validate('--dir', copy.dir, '--no-compile');
    expect(result.stdout).toMatch(
      /^warning S13 \[PathParameterMissingEncoding\] apiDefinition\.swagger\.json \/paths\/~1tasks~1\{taskId\}\/get\/parameters\/1 — /m,
    );
    expect(result.stdout).toMatch(/0 errors, 1 warning in /);
    expect(result.exitCode).toBe(0);
  });

  it('reports a missing folder as a user error without a stack trace', async () => {
    const missing = path.join(MINIMAL_FIXTURE, 'does-not-exist');
    const result = await validate('--dir', missing, '--no-compile');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`error: The folder ${missing} does not exist.`);
    expect(result.stderr).toContain('hint: ');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a file given as --dir as a user error', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    const result = await validate('--dir', copy.file('apiProperties.json'), '--no-compile');
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('is a file, not a folder');
  });

  it('validates the repository root when --dir is not given', async () => {
    const result = await validate('--json', '--no-compile');
    expect(JSON.parse(result.stdout).dir).toBe(REPO_ROOT);
  });

  it('lists the rules and the 174 catalog codes with --rules --json, so a script can count them', async () => {
    const result = await validate('--rules', '--json');
    const { rules, catalog, counts } = JSON.parse(result.stdout) as {
      rules: Array<{ id: string; severity: string; evidence: string; msCodes: string[] }>;
      catalog: Array<{ code: string; status: string; rules?: string[]; reason?: string }>;
      counts: { total: number; checked: number; undecidable: number; pending: number };
    };
    expect(rules.map((rule) => rule.id)).toEqual(expect.arrayContaining(['S1', 'S16', 'P4', 'CSX5', 'ICON4']));
    for (const rule of rules) expect(rule.evidence, rule.id).toMatch(/flags? \d+ of|refuses|cannot/);
    expect(rules.find((rule) => rule.id === 'S1')?.msCodes).toEqual(['SpecificationVersionIncorrect']);
    expect(catalog).toHaveLength(174);
    expect(counts.total).toBe(174);
    expect(counts.checked + counts.undecidable + counts.pending).toBe(174);
    expect(catalog.filter((entry) => entry.status === 'checked')).toHaveLength(counts.checked);
    expect(catalog.find((entry) => entry.code === 'ValueMustBeInEnglish')).toMatchObject({ status: 'undecidable' });
    expect(catalog.find((entry) => entry.code === 'SpecificationVersionIncorrect')).toMatchObject({ rules: ['S1'] });
    expect(result.exitCode).toBe(0);
  });

  it("--rules shows each rule's level and evidence, and the README's rule table says the same", async () => {
    const text = (await validate('--rules')).stdout;
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const rows = new Map(
      [
        ...readme.matchAll(
          /^\| (\w+) \| (error|warning) \| (?:[^|]|\\\|)+ \| (?:[^|]|\\\|)+ \| [\w, ]* \| ((?:[^|]|\\\|)+) \|$/gm,
        ),
      ].map((match) => [match[1]!, { severity: match[2]!, evidence: match[3]!.replace(/\\\|/g, '|') }]),
    );
    for (const rule of RULES) {
      expect(text).toContain(`${rule.id.padEnd(6)}${rule.severity.padEnd(8)}`);
      expect(text).toContain(`evidence: ${rule.evidence}`);
      expect(rows.get(rule.id), `README row of ${rule.id}`).toEqual({
        severity: rule.severity,
        evidence: rule.evidence,
      });
    }
    expect(rows.size).toBe(RULES.length);
    expect(text).toContain('Microsoft: SpecificationVersionIncorrect');
    expect(text).toMatch(/\d+ of the 174 codes of Microsoft's Swagger Validator catalog are checked/);
    expect(text).toMatch(/ValueMustBeInEnglish +cannot be decided from the files: /);
  });

  it.each([['abc'], ['-5'], ['1.5']])('rejects --runs %s as a usage error naming the flag', async (runs) => {
    const result = await execa(process.execPath, [CLI, 'bench', 'validate', '--runs', runs], {
      reject: false,
      cwd: REPO_ROOT,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `error: option '--runs <n>' argument '${runs}' is invalid. Give a whole number of 1 or more.`,
    );
    expect(result.stdout).toBe('');
  });

  it('bench corpus judges a folder of connector folders and ends with one JSON line of the figures', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'acs-corpus-'));
    try {
      for (const name of ['good', 'broken']) {
        await mkdir(path.join(root, 'connectors', name), { recursive: true });
        for (const file of ['apiDefinition.swagger.json', 'apiProperties.json', 'script.csx']) {
          await copyFile(path.join(MINIMAL_FIXTURE, file), path.join(root, 'connectors', name, file));
        }
      }
      const broken = path.join(root, 'connectors', 'broken', 'apiProperties.json');
      await writeFile(broken, (await readFile(broken, 'utf8')).replace(/\n\}\s*$/, ',\n}\n'));
      const result = await execa(process.execPath, [CLI, 'bench', 'corpus', root], { reject: false, cwd: REPO_ROOT });
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/^ {2}connectors\/broken: JSON1$/m);
      const figures = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
      expect(figures).toMatchObject({
        task: 'corpus',
        folders: 2,
        foldersWithDefinitionOrPropertiesError: 1,
        share: 0.5,
        scripts: 2,
        scriptsRefused: [],
        crashes: 0,
      });
      expect(figures.byRule.JSON1).toEqual({ errors: 1, warnings: 0 });
      expect(figures.byRule.FILE1).toEqual({ errors: 0, warnings: 2 });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('bench corpus with a folder that does not exist is a usage error', async () => {
    const result = await execa(process.execPath, [CLI, 'bench', 'corpus', path.join(MINIMAL_FIXTURE, 'nope')], {
      reject: false,
      cwd: REPO_ROOT,
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^error: The corpus folder .* does not exist\./m);
  });

  it('bench validate ends with one JSON line', async () => {
    const result = await execa(process.execPath, [CLI, 'bench', 'validate', '--runs', '3'], { cwd: REPO_ROOT });
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ task: 'validate', runs: 3 });
    expect(last.p50Ms).toBeGreaterThan(0);
    expect(last.maxMs).toBeGreaterThanOrEqual(last.p50Ms);
  });
});
