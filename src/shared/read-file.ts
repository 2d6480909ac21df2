import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export type ReadResult = { ok: true; bytes: Buffer } | { ok: false; problem: ReadProblem };

/** Why a file was not read, in words that finish "The file …". */
export type ReadProblem =
  | { kind: 'missing' }
  | { kind: 'not-a-file'; what: string }
  | { kind: 'too-large'; limit: number }
  | { kind: 'unreadable'; code: string };

/**
 * Reads a regular file of at most `limit` bytes. Anything else (a FIFO that would block forever,
 * a device such as /dev/zero that never ends, a folder) is refused before it is opened, and the
 * size is checked before reading and again while reading, for files that grow or lie about their
 * size (/proc). Symbolic links are followed: callers that must stay inside a folder check first.
 */
export async function readRegularFile(path: string, limit: number): Promise<ReadResult> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return {
      ok: false,
      problem: code === 'ENOENT' || code === 'ENOTDIR' ? { kind: 'missing' } : { kind: 'unreadable', code },
    };
  }
  if (!info.isFile()) return { ok: false, problem: { kind: 'not-a-file', what: kindOf(info) } };
  if (info.size > limit) return { ok: false, problem: { kind: 'too-large', limit } };
  let handle;
  try {
    // O_NONBLOCK: if a FIFO was swapped in after the check, opening it must not wait for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { ok: false, problem: { kind: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? 'EIO' } };
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return { ok: false, problem: { kind: 'not-a-file', what: kindOf(opened) } };
    const buffer = Buffer.alloc(Math.min(limit, Math.max(opened.size, 64 * 1024)) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) return { ok: false, problem: { kind: 'too-large', limit } };
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > limit) return { ok: false, problem: { kind: 'too-large', limit } };
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, problem: { kind: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? 'EIO' } };
  } finally {
    await handle.close();
  }
}

/** "is missing", "is a FIFO (named pipe), not a file", … for messages. */
export function describeProblem(problem: ReadProblem): string {
  switch (problem.kind) {
    case 'missing':
      return 'does not exist';
    case 'not-a-file':
      return `is ${problem.what}, not a regular file`;
    case 'too-large':
      return `is larger than ${formatBytes(problem.limit)}`;
    case 'unreadable':
      return `cannot be read (${problem.code})`;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function kindOf(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}
