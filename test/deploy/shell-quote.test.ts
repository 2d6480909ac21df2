import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { shellCommand, shellQuote } from '../../src/deploy/shell-quote.ts';

describe('shellQuote', () => {
  it('leaves plain words bare and quotes the rest', () => {
    expect(shellQuote('/opt/bin/paconn')).toBe('/opt/bin/paconn');
    expect(shellQuote('https://gov.api.powerapps.us')).toBe('https://gov.api.powerapps.us');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('my folder')).toBe("'my folder'");
  });

  it('survives a real shell: every word comes back exactly', async () => {
    const words = ["it's", 'a b', '$HOME', '`date`', 'back\\slash', '"quoted"', '*', ''];
    const { stdout } = await execa('sh', ['-c', `printf '%s\\n' ${shellCommand(words)}`]);
    expect(stdout.split('\n')).toEqual(words);
  });
});
