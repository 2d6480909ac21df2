import { CONNECTOR_FILES } from '../connector-folder/index.ts';
import { UserError } from '../shared/errors.ts';
import { runGit } from '../shared/git.ts';
import type { PaconnSettings } from './settings.ts';

/**
 * The deploy's breaking-change check. What was deployed is recorded as the git commit of the
 * connector folder ("deployedCommit" beside "connectorId" in the settings file), and only when the
 * four files were exactly that commit's: a commit plus uncommitted edits describes nothing.
 */

/** The commit the connector files in `dir` are exactly, or why there is none. */
export async function deployableCommit(dir: string): Promise<{ commit: string } | { reason: string }> {
  const git = (args: string[]) => runGit(args, { cwd: dir });
  const head = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (head.exitCode !== 0) return { reason: `${dir} is not in a git repository with a commit` };
  const files = Object.values(CONNECTOR_FILES);
  const status = await git(['status', '--porcelain', '--untracked-files=all', '--', ...files]);
  if (status.exitCode !== 0) return { reason: `git status failed in ${dir}` };
  if (status.stdout.trim() !== '')
    return { reason: `the connector files in ${dir} have changes that are not committed` };
  return { commit: head.stdout.trim() };
}

export interface BreakingCheckOptions {
  dir: string;
  /** The connector being updated. */
  connectorId: string;
  saved: PaconnSettings;
  settingsPath: string;
  allowBreaking: boolean;
  progress(line: string): void;
}

/**
 * Compares the package with the version last deployed to `connectorId` and stops on a breaking
 * change unless allowed. Returns the lines of the verdict (for --dry-run to show).
 */
export async function checkAgainstDeployed(options: BreakingCheckOptions): Promise<string[]> {
  const { saved, settingsPath, connectorId } = options;
  const recorded = saved.connectorId === connectorId ? saved.deployedCommit : undefined;
  if (recorded === undefined) {
    const line = `No deployed version of ${connectorId} is recorded in ${settingsPath}, so the breaking-change check is skipped (deploy from a clean commit to record one).`;
    options.progress(`warning: ${line}`);
    return [line];
  }
  const { loadFromGit, loadFolder } = await import('../diff/source.ts');
  const { summarise, formatDiff } = await import('../diff/run.ts');
  let result;
  try {
    result = summarise(await loadFromGit(recorded, options.dir), await loadFolder(options.dir));
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const problem = `The version last deployed to ${connectorId} (commit ${recorded}, recorded in ${settingsPath}) cannot be read, so the deploy cannot tell whether it breaks existing flows: ${error.message}`;
    if (!options.allowBreaking) {
      throw new UserError(problem, {
        hint: 'Fetch that commit (git fetch) and deploy again, or pass --allow-breaking to deploy without the check.',
      });
    }
    options.progress(`warning: ${problem} Deploying anyway (--allow-breaking).`);
    return [problem, 'Deploying anyway (--allow-breaking).'];
  }
  const breaking = result.changes.filter((change) => change.level === 'breaking');
  const summary = `Breaking-change check against the deployed version (commit ${recorded.slice(0, 12)}): ${breaking.length} breaking, ${result.safe} safe.`;
  if (breaking.length === 0) {
    options.progress(summary);
    return [summary];
  }
  const details = formatDiff({ ...result, changes: breaking, safe: 0 }).trimEnd();
  if (!options.allowBreaking) {
    throw new UserError(`${summary} Nothing was deployed:\n${details}`, {
      hint:
        'Keep the published behaviour (`npx acs-connector diff --base ' +
        recorded.slice(0, 12) +
        '` lists every change), or pass --allow-breaking to deploy anyway and tell the makers whose flows will break.',
    });
  }
  options.progress(`warning: ${summary} Deploying anyway (--allow-breaking):\n${details}`);
  return [summary, 'Deploying anyway (--allow-breaking).'];
}
