import { describe, expect, it } from 'vitest';
import { collect, commandsOf, loadPipeline, missingNpmScripts } from '../support/pipelines.ts';

describe('the GitHub Actions workflow for users (.github/workflows/test.yml)', () => {
  const workflow = loadPipeline('.github/workflows/test.yml') as {
    jobs: Record<string, { strategy?: { matrix?: { os?: string[] } }; 'runs-on': string }>;
  };

  it('runs on Linux, Windows and macOS', () => {
    const [job] = Object.values(workflow.jobs);
    expect(job!['runs-on']).toBe('${{ matrix.os }}');
    expect(job!.strategy?.matrix?.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
  });

  it('runs npm ci and npm test, and calls only npm scripts that exist', () => {
    const commands = collect(workflow, 'run').flatMap(commandsOf);
    expect(commands).toEqual(['npm ci', 'npm test']);
    expect(missingNpmScripts(commands)).toEqual([]);
    // The check itself catches a script that does not exist.
    expect(missingNpmScripts(['npm run no-such-script', 'npm test'])).toEqual(['no-such-script']);
  });
});
