import { afterEach, describe, expect, it } from 'vitest';
import { validateConnectorFolder } from '../../src/validate/index.ts';
import { ConnectorCopy, MINIMAL_FIXTURE, REPO_ROOT, rootPackageExists } from './helpers.ts';

// CSX5 through the real .NET script host (built once by test/global-setup.ts).
let copy: ConnectorCopy | undefined;
afterEach(async () => {
  await copy?.dispose();
  copy = undefined;
});

const sources: Array<[string, string]> = [['minimal fixture', MINIMAL_FIXTURE]];
if (rootPackageExists()) sources.push(['repository package', REPO_ROOT]);

describe('validate with the compile check', () => {
  it.each(sources)('the %s compiles without findings', async (_name, source) => {
    copy = await ConnectorCopy.of(source);
    expect(await validateConnectorFolder(copy.dir, { compileScript: true })).toEqual([]);
  });

  it('reports a C# error at its line and column', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    const lines = (await copy.readText('script.csx')).split('\n');
    const at = lines.findIndex((line) => line.includes('return new HttpResponseMessage'));
    lines[at] = lines[at]!.replace('return new HttpResponseMessage', 'return new HttpResponseMesage');
    await copy.write('script.csx', lines.join('\n'));
    const findings = await validateConnectorFolder(copy.dir, { compileScript: true });
    const column = lines[at]!.indexOf('HttpResponseMesage') + 1;
    expect(findings).toContainEqual(expect.objectContaining({
      ruleId: 'CSX5', severity: 'error', file: 'script.csx', location: `line ${at + 1}, column ${column}`, message: expect.stringMatching(/^CS0246: .*HttpResponseMesage/),
    }));
  });

  it('reports a script without a Script class once (CSX2), not again as the host\'s CSX-SCRIPT', async () => {
    copy = await ConnectorCopy.of(MINIMAL_FIXTURE);
    await copy.write('script.csx', (await copy.readText('script.csx')).replace(/\bclass Script\b/, 'class Transformer'));
    const findings = await validateConnectorFolder(copy.dir, { compileScript: true });
    expect(findings.filter((f) => /no `class Script|no class named Script/.test(f.message)).map((f) => f.ruleId)).toEqual(['CSX2']);
  });
});
