import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScripts } from '../../src/script-host/check.ts';
import { CONNECTOR_SCRIPT } from '../../src/connector-folder/index.ts';

describe('script checks are cached per host build and script', () => {
  let dir: string;
  let script: string;
  const withoutDotnet = async <T>(work: () => Promise<T>): Promise<T> => {
    const path = process.env.PATH;
    process.env.PATH = dir; // no dotnet here: only a cached answer can succeed
    try {
      return await work();
    } finally {
      process.env.PATH = path;
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'acs-check-cache-'));
    script = join(dir, 'script.csx');
    await copyFile(CONNECTOR_SCRIPT, script);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a repeated check from the cache, without starting .NET, with the same findings', async () => {
    const [first] = await checkScripts([script]);
    expect(first!.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [again] = await withoutDotnet(() => checkScripts([script]));
    expect(again).toEqual(first);
  });

  it('checks a changed script anew instead of serving the old findings', async () => {
    await writeFile(script, `${await readFile(script, 'utf8')}\nclass Broken { int x = "text"; }\n`);
    await expect(withoutDotnet(() => checkScripts([script]))).rejects.toThrow();
    const [changed] = await checkScripts([script]);
    expect(changed!.diagnostics.some((d) => d.severity === 'error' && d.id === 'CS0029')).toBe(true);
  });

  it('compiles again when asked not to use the cache', async () => {
    await expect(withoutDotnet(() => checkScripts([script], { noCache: true }))).rejects.toThrow();
  });
});
