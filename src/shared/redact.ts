/**
 * Removes secrets from text before it is printed or logged: access keys in connection strings
 * and anything that looks like a JWT.
 */
export function redactSecrets(text: string): string {
  return text
    .replace(/(accesskey\s*=\s*)[^;\s"']+/gi, '$1***')
    .replace(/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g, (token) => shortenToken(token));
}

/** A token shortened for display: enough to tell two apart, never enough to use. */
export function shortenToken(token: string): string {
  return token.length <= 12 ? '***' : `${token.slice(0, 6)}…${token.slice(-4)} (${token.length} chars)`;
}
