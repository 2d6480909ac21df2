import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRegularFile } from '../../src/shared/read-file.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'read-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readRegularFile', () => {
  it('returns exactly the bytes of a regular file', () => {
    const file = path.join(dir, 'small.json');
    writeFileSync(file, '{"a":1}');
    const read = readRegularFile(file, 1024);
    expect(read.ok && read.bytes.toString('utf8')).toBe('{"a":1}');
  });

  it('refuses a file over the limit before reading it', () => {
    const file = path.join(dir, 'large.bin');
    writeFileSync(file, Buffer.alloc(2048));
    expect(readRegularFile(file, 1024)).toEqual({ ok: false, problem: { kind: 'too-large', limit: 1024 } });
  });

  it('says a missing file is missing and a folder is not a file', () => {
    expect(readRegularFile(path.join(dir, 'nothing'), 1024)).toEqual({ ok: false, problem: { kind: 'missing' } });
    expect(readRegularFile(dir, 1024)).toEqual({ ok: false, problem: { kind: 'not-a-file', what: 'a folder' } });
  });

  // /proc files report a size of 0: the read must go on past the first buffer, and still stop at the limit.
  it.runIf(process.platform === 'linux')('reads a file that reports no size in full, past its first 64 KiB', () => {
    const read = readRegularFile('/proc/self/smaps', 16 * 1024 * 1024);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.bytes.length).toBeGreaterThan(64 * 1024);
    expect(read.bytes.toString('utf8')).toMatch(/^[0-9a-f]+-[0-9a-f]+ /);
  });

  it.runIf(process.platform === 'linux')(
    'refuses a file that reports no size once it proves larger than the limit',
    () => {
      expect(readRegularFile('/proc/self/smaps', 4096)).toEqual({
        ok: false,
        problem: { kind: 'too-large', limit: 4096 },
      });
    },
  );
});
