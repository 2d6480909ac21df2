import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Sarif from 'sarif';
import { FORMATTERS, type FolderVerdict, type FormatContext, type Tally } from '../../src/validate/formats.ts';
import { RULES, validateEach } from '../../src/validate/index.ts';
import { ConnectorCopy, MINIMAL_FIXTURE } from './helpers.ts';

let copy: ConnectorCopy;
let verdict: FolderVerdict;
const context = (): FormatContext => ({ strict: false, single: true, cwd: copy.dir, rules: RULES, version: '0.0.0' });
const tally: Tally = { folders: 1, withErrors: 1, warningsOnly: 0 };

beforeAll(async () => {
  copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
  await copy.editJson('apiDefinition.swagger.json', (definition) => {
    definition.basePath = 'v1';
    definition.info.title = 'Tasks, 100% Connector';
  });
  for await (const result of validateEach([copy.dir], { positions: true })) verdict = result;
});
afterAll(() => copy.dispose());

describe('output formats', () => {
  it('findings carry the line and column of their JSON pointer', async () => {
    const text = await copy.readText('apiDefinition.swagger.json');
    const basePath = verdict.findings!.find((finding) => finding.ruleId === 'S6')!;
    const line = text.split('\n').findIndex((candidate) => candidate.includes('"basePath"')) + 1;
    expect(basePath).toMatchObject({ location: '/basePath', line, column: 3 });
  });

  it('github: one workflow command per finding, properties and message escaped', () => {
    const lines = FORMATTERS.github.folder(verdict, context()).trimEnd().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::error file=apiDefinition\.swagger\.json,line=\d+,col=3,title=S6 BasePathNotValid::basePath "v1" must start with "\/"\. Fix: .* \(at \/basePath\)$/,
      ),
    );
    // "%" and "," are escaped where GitHub reads them as syntax.
    expect(lines.find((line) => line.includes('title=S2 ValueContainsRestrictedWords'))).toContain('Tasks, 100%25');
  });

  it("azure: Microsoft's pipeline form, ##[error]<message> ValuePath: <pointer>, and its closing line", () => {
    const text = FORMATTERS.azure.folder(verdict, context());
    expect(text).toMatch(
      /^##\[error\].*S6 BasePathNotValid: basePath "v1" must start with "\/"\..* ValuePath: \/basePath$/m,
    );
    expect(text).toMatch(/^##\[warning\].* ValuePath: \/info\/title$/m);
    expect(FORMATTERS.azure.end([verdict], tally, context())).toBe('Errors encountered.\n');
    expect(FORMATTERS.azure.end([], { folders: 1, withErrors: 0, warningsOnly: 0 }, context())).toBe(
      'No error or warnings encountered.\n',
    );
  });

  it('sarif: rule metadata with help and Microsoft codes, results with regions', () => {
    const log = JSON.parse(FORMATTERS.sarif.end([verdict], tally, context())) as Sarif.Log;
    const run = log.runs[0]!;
    expect(log.version).toBe('2.1.0');
    const s6 = run.tool.driver.rules!.find((rule) => rule.id === 'S6')!;
    expect(s6.properties?.tags).toContain('BasePathNotValid');
    expect(s6.help?.text).toContain('Level: error');
    const result = run.results!.find((candidate) => candidate.ruleId === 'S6')!;
    expect(result).toMatchObject({ level: 'error', properties: { msCode: 'BasePathNotValid' } });
    expect(run.tool.driver.rules![result.ruleIndex!]!.id).toBe('S6');
    expect(result.locations![0]!.physicalLocation!.region).toMatchObject({ startColumn: 3 });
    expect(result.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toBe('/basePath');
  });

  // Microsoft's own checker of SARIF files: the log must have no error (a warning asks for an informationUri).
  const multitool = (() => {
    try {
      const require = createRequire(import.meta.url);
      return path.join(
        path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')),
        'Sarif.Multitool',
      );
    } catch {
      return undefined;
    }
  })();
  it.runIf(process.platform === 'linux' && multitool && existsSync(multitool))(
    "sarif: Microsoft's SARIF Multitool validates the log without an error",
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'acs-sarif-'));
      try {
        const input = path.join(dir, 'findings.sarif');
        const output = path.join(dir, 'validation.sarif');
        await writeFile(input, FORMATTERS.sarif.end([verdict], tally, context()));
        const schema = path.join(path.dirname(multitool!), 'sarif-2.1.0.json');
        await promisify(execFile)(multitool!, ['validate', input, '-o', output, '-j', schema, '--quiet']);
        const report = JSON.parse(await readFile(output, 'utf8')) as Sarif.Log;
        const problems = (report.runs[0]!.results ?? []).filter((entry) => entry.level === 'error');
        expect(problems.map((entry) => `${entry.ruleId}: ${JSON.stringify(entry.message)}`)).toEqual([]);
        expect(report.runs[0]!.invocations?.[0]?.executionSuccessful).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
