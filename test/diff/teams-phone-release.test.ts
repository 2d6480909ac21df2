import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../../src/shared/paths.ts';

// `diff` against the release before the Teams Phone actions: the commit before the one that added
// them to the definition (the checkout itself while they are not yet committed).
const TEAMS_PHONE = [
  'CreateOrReplaceTeamsPhoneAssignment',
  'GetTeamsPhoneAssignment',
  'DeleteTeamsPhoneAssignment',
  'ExchangeTeamsPhoneAccessToken',
];

async function releaseBefore(): Promise<string | undefined> {
  const shallow = await execa('git', ['rev-parse', '--is-shallow-repository'], { cwd: REPOSITORY_ROOT, reject: false });
  if (shallow.exitCode !== 0 || shallow.stdout.trim() === 'true') return undefined;
  const added = await execa(
    'git',
    ['log', '--format=%H', '--reverse', '-S', TEAMS_PHONE[3]!, '--', 'apiDefinition.swagger.json'],
    { cwd: REPOSITORY_ROOT },
  );
  const first = added.stdout.split('\n')[0]?.trim();
  return first ? `${first}^` : 'HEAD';
}

describe('diff against the release before Teams Phone extensibility', () => {
  it('reports the four Teams Phone actions as safe additions and nothing breaking', async (context) => {
    const base = await releaseBefore();
    if (base === undefined) return context.skip('the clone has no history to read the previous release from');
    const result = await execa(process.execPath, [CLI_ENTRY, 'diff', '--base', base, '--json'], {
      cwd: REPOSITORY_ROOT,
      reject: false,
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as {
      breaking: number;
      changes: Array<{ kind: string; level: string; operationId?: string }>;
    };
    expect(report.breaking).toBe(0);
    const added = report.changes.filter((change) => change.kind === 'operation-added');
    expect(added.map((change) => change.operationId).sort()).toEqual([...TEAMS_PHONE].sort());
    expect(added.every((change) => change.level === 'safe')).toBe(true);
  });
});
