import type { IncomingMessage } from 'node:http';
import * as replies from './responses.ts';
import type { Reply } from './responses.ts';

export const MAX_BODY_BYTES = 64 * 1024;

/** Calls back with the raw body, or undefined when it exceeds MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) {
    done(undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      if (!tooLarge) {
        tooLarge = true;
        done(undefined);
      }
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (!tooLarge) done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  });
}

/** An empty body is `{}`; anything else must be a JSON object. */
export function parseBody(body: Buffer): { value: Record<string, unknown> } | Reply {
  const text = body.toString('utf8');
  if (text.trim() === '') return { value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return replies.invalidJson();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return replies.bodyNotObject();
  return { value: value as Record<string, unknown> };
}
