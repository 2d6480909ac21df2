/**
 * The runtime's schema warnings in the words of the custom connector wizard's Test tab, which says
 * "Property … type mismatch" where an answer does not fit the response schema.
 */
const TYPE_MISMATCH = /^(HTTP \d+ of \S+: )response((?:[.[][^\s]*)?) must be (\w+)\.$/;

export function describeWarning(warning: string): string {
  const match = TYPE_MISMATCH.exec(warning);
  if (!match) return warning;
  const property = match[2]!.replace(/^\./, '') || '(the body)';
  return `${match[1]}Property "${property}" type mismatch: expected ${match[3]}.`;
}
