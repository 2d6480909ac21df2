import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerDeployCommands } from '../../src/deploy/commands.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { collect, commandsOf, loadPipeline, NPM_SCRIPTS } from '../support/pipelines.ts';

// The pipelines under docs/ parse, and every command they run is one this project (or the
// toolchain they install) has: npm scripts from package.json, deploy's own flags.
const PIPELINES = join(REPOSITORY_ROOT, 'docs', 'pipelines');
const deployCommand = (() => {
  const program = new Command();
  registerDeployCommands(program, new Command());
  return program.commands.find((command) => command.name() === 'deploy')!;
})();
const deployFlags = deployCommand.options.map((option) => option.long!);

const load = (name: string) => loadPipeline(join('docs', 'pipelines', name));

/** The problems with one command, or none: only known programs, npm scripts and deploy flags. */
function problems(command: string): string[] {
  const words = command.split(/\s+/);
  if (command === 'npm ci' || command === 'npm test') return [];
  if (command === 'dotnet tool install --global Microsoft.PowerApps.CLI.Tool') return [];
  if (/^mkdir -p \S+$/.test(command) || /^echo "[^"]*" >> "\$GITHUB_PATH"$/.test(command)) return [];
  if (/^echo "##vso\[task\.prependpath\][^"]*"$/.test(command)) return [];
  if (words[0] === 'npm' && words[1] === 'run') {
    const found = NPM_SCRIPTS.includes(words[2]!) ? [] : [`npm script ${words[2]} does not exist`];
    if (words[2] !== 'deploy') return found;
    const flags = [...command.matchAll(/(?:^|[\s+])(--[a-z][a-z-]*)/g)].map((match) => match[1]!);
    return [...found, ...flags.filter((flag) => !deployFlags.includes(flag)).map((flag) => `deploy has no ${flag}`)];
  }
  return [`unknown command: ${command}`];
}

describe.each([
  ['github-actions.yml', 'run'],
  ['azure-pipelines.yml', 'script'],
])('docs/pipelines/%s', (file, key) => {
  const document = load(file);
  const commands = collect(document, key).flatMap(commandsOf);

  it('runs only commands, npm scripts and deploy flags that exist', () => {
    expect(commands.flatMap(problems)).toEqual([]);
  });

  it('installs pac, runs npm ci and npm test, and deploys with pac to three environments in turn', () => {
    expect(commands).toContain('npm ci');
    expect(commands).toContain('npm test');
    expect(commands).toContain('dotnet tool install --global Microsoft.PowerApps.CLI.Tool');
    const text = readFileSync(join(PIPELINES, file), 'utf8');
    for (const environment of ['dev', 'test', 'production']) expect(text).toContain(environment);
    const deploys = commands.filter((command) => command.startsWith('npm run deploy -- --tool pac'));
    expect(deploys.length).toBeGreaterThan(0);
  });

  it('takes the client secret from the pipeline store, never from the file', () => {
    const secrets = collect(document, 'AZURE_CLIENT_SECRET');
    expect(secrets.length).toBeGreaterThan(0);
    for (const value of secrets) {
      expect(value).toMatch(
        file.startsWith('github') ? /^\$\{\{ secrets\.AZURE_CLIENT_SECRET \}\}$/ : /^\$\(AZURE_CLIENT_SECRET\)$/,
      );
    }
  });
});

describe('the GitHub Actions workflow', () => {
  const workflow = load('github-actions.yml') as {
    jobs: Record<
      string,
      { needs?: string; environment?: string; steps: Array<{ uses?: string; with?: Record<string, unknown> }> }
    >;
  };

  it('deploys dev, then test, then production, each in its GitHub environment, after the tests', () => {
    const { jobs } = workflow;
    expect(jobs['deploy-dev']).toMatchObject({ needs: 'test', environment: 'dev' });
    expect(jobs['deploy-test']).toMatchObject({ needs: 'deploy-dev', environment: 'test' });
    expect(jobs['deploy-production']).toMatchObject({ needs: 'deploy-test', environment: 'production' });
  });

  it('installs Node.js 20 and the .NET 10 SDK in every job', () => {
    for (const job of Object.values(workflow.jobs)) {
      expect(job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);
      expect(job.steps.find((step) => step.uses?.startsWith('actions/setup-dotnet@'))?.with?.['dotnet-version']).toBe(
        '10.0.x',
      );
    }
  });
});
