/**
 * What the Test panel shows of a request or an answer, with every secret taken out: the
 * connection's own secret values wherever they appear, signatures, bearer tokens, access keys and
 * anything shaped like a JWT.
 */
import { redactSecrets, shortenToken } from '../shared/redact.ts';

/** Header names whose values are secrets (the scheme before a bearer token or signature stays). */
const SECRET_HEADER = /authorization|api-?key|secret|password|token|connection-string|signature|cookie/i;

export function redactText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('***');
  return redactSecrets(result);
}

export function redactHeader(name: string, value: string, secrets: readonly string[]): string {
  if (!SECRET_HEADER.test(name)) return redactText(value, secrets);
  const bearer = /^(Bearer)\s+(\S+)$/i.exec(value);
  if (bearer) return `${bearer[1]} ${shortenToken(bearer[2]!)}`;
  // HMAC-SHA256 SignedHeaders=…&Signature=…: the signed header names help, the signature does not.
  if (/Signature=/i.test(value)) return value.replace(/(Signature=)[^&\s,]+/gi, '$1***');
  return value === '' ? '' : '***';
}

/** A JSON value with secrets taken out of every string. */
export function redactJson(value: unknown, secrets: readonly string[]): unknown {
  if (value === null || value === undefined) return value;
  const text = JSON.stringify(value);
  return JSON.parse(
    redactText(
      text,
      secrets.map((secret) => JSON.stringify(secret).slice(1, -1)),
    ),
  );
}
