/** Helpers the Operations rules (OP*) share. */
import { dereference, type OperationEntry, type ParameterEntry } from '../../../connector-folder/index.ts';
import { type JsonObject } from '../../../shared/json.ts';

/** An operation as makers and messages know it: its operationId, else its method and path. */
export const operationName = (entry: OperationEntry): string =>
  typeof entry.operation.operationId === 'string' && entry.operation.operationId !== ''
    ? `"${entry.operation.operationId}"`
    : `${entry.method.toUpperCase()} ${entry.path}`;

/** A parameters list as written (not merged with the path's), each item through its $ref. */
export function writtenParameters(definition: JsonObject, list: unknown, base: string): ParameterEntry[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index): ParameterEntry[] => {
    const at = `${base}/parameters/${index}`;
    const found = dereference(definition, item, at);
    return found ? [{ pointer: at, definedAt: found.pointer, parameter: found.node }] : [];
  });
}

/** The {variables} of a path template, in order. */
export const templateVariables = (path: string): string[] =>
  [...path.matchAll(/\{([^{}/]+)\}/g)].map((match) => match[1]!);

/** Operations by operationId (the first of a repeated one; S8 reports the repeat). */
export function operationsById(operations: readonly OperationEntry[]): Map<string, OperationEntry> {
  const byId = new Map<string, OperationEntry>();
  for (const entry of operations) {
    const id = entry.operation.operationId;
    if (typeof id === 'string' && !byId.has(id)) byId.set(id, entry);
  }
  return byId;
}
