import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorTextFromOutput, findPaconn, hintForFailure } from '../../src/deploy/paconn.ts';
import { makeSandbox } from './helpers.ts';

describe('reading paconn failures', () => {
  it('takes the ERROR: lines, else the last line', () => {
    expect(errorTextFromOutput('Uploading…\nERROR: Request failed with status 403: Forbidden\n', '')).toBe(
      'ERROR: Request failed with status 403: Forbidden',
    );
    expect(errorTextFromOutput('', 'first\nlast line\n')).toBe('last line');
    expect(errorTextFromOutput('', '')).toBe('(paconn printed nothing)');
  });

  it('hints at roles for a 403 but not for a 401/403/404 inside an id', () => {
    expect(hintForFailure('ERROR: Request failed with status 403: Forbidden', 1, 'create')).toContain(
      'Environment Maker',
    );
    const inAnId = 'ERROR: Request failed: connector shared_acs-20identity-5f4031a4040b401 rejected the definition.';
    expect(hintForFailure(inAnId, 1, 'update')).toBeUndefined();
  });

  it('sends a login failure to `paconn login`', () => {
    expect(hintForFailure('ERROR: Access token invalid. Please login again.', 1, 'create')).toContain('paconn login');
  });
});

describe('finding paconn', () => {
  it('returns an absolute path for a relative PATH entry, since paconn runs in another folder', async () => {
    const sandbox = await makeSandbox();
    try {
      const found = await findPaconn({ PATH: relative(process.cwd(), sandbox.bin) });
      expect(found).toBe(join(sandbox.bin, 'paconn'));
    } finally {
      await sandbox.cleanup();
    }
  });
});
