import { execa } from 'execa';

/** How long one git command may take: a local repository answers in well under a second. */
export const GIT_TIMEOUT_MS = 60_000;

export interface GitResult<Output extends string | Uint8Array> {
  /** git's exit code; -1 when git could not be started or was stopped (timeout). */
  exitCode: number;
  stdout: Output;
  stderr: string;
}

/**
 * The one way the tools run git: in `cwd`, never throwing on a non-zero exit (callers read
 * exitCode), never on a terminal (stdin is the given input or nothing), stopped after
 * GIT_TIMEOUT_MS. Output is text unless `binary` is set.
 */
export async function runGit(
  args: readonly string[],
  options: { cwd: string; input?: string },
): Promise<GitResult<string>> {
  const result = await execa('git', args, gitOptions(options));
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** runGit for output that is file content (e.g. `git cat-file --batch`), kept as bytes. */
export async function runGitBinary(
  args: readonly string[],
  options: { cwd: string; input?: string },
): Promise<GitResult<Uint8Array>> {
  const result = await execa('git', args, { ...gitOptions(options), encoding: 'buffer' });
  return {
    exitCode: result.exitCode ?? -1,
    stdout: result.stdout,
    stderr: Buffer.from(result.stderr).toString('utf8'),
  };
}

function gitOptions(options: { cwd: string; input?: string }) {
  return {
    cwd: options.cwd,
    reject: false,
    timeout: GIT_TIMEOUT_MS,
    stripFinalNewline: false,
    windowsHide: true,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  };
}
