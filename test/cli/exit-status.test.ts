import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportFailure } from '../../src/cli/report-failure.ts';
import { UserError } from '../../src/shared/errors.ts';

describe('exit statuses', () => {
  afterEach(() => vi.restoreAllMocks());

  it('an internal fault exits 3, apart from errors found (1) and usage errors (2), with one line and a hint, no stack', () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (written.push(String(chunk)), true));
    vi.stubEnv('ACS_CONNECTOR_DEBUG', '');
    expect(reportFailure(new TypeError('x is not a function'))).toBe(3);
    expect(written.join('')).toBe(
      'error: x is not a function\nhint: this looks like a fault in acs-connector itself; please report it with the command you ran (set ACS_CONNECTOR_DEBUG=1 to add the stack trace).\n',
    );
    expect(reportFailure(new UserError('bad', { exitCode: 2 }))).toBe(2);
    expect(reportFailure(new UserError('failed'))).toBe(1);
    vi.unstubAllEnvs();
  });
});
