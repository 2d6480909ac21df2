import type { IncomingMessage } from 'node:http';
import * as replies from './responses.ts';
import type { Reply } from './responses.ts';

/**
 * The largest request body the emulator reads: its own cap (the REST specification states none),
 * far above any Identity request, which is a few hundred bytes of JSON.
 */
export const EMULATOR_MAX_REQUEST_BODY_BYTES = 64 * 1024;

/** Calls back with the raw body, or undefined when it exceeds EMULATOR_MAX_REQUEST_BODY_BYTES. */
export function readBody(req: IncomingMessage, done: (body: Buffer | undefined) => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > EMULATOR_MAX_REQUEST_BODY_BYTES) {
    done(undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > EMULATOR_MAX_REQUEST_BODY_BYTES) {
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
