import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { at, scanned } from './scan.ts';
import { isObject } from '../../../shared/json.ts';

function handledOperations(context: ValidationContext): Violation[] {
  const scan = scanned(context);
  if (!scan || !context.definition) return [];
  const settings = isObject(context.properties?.properties) ? context.properties.properties : {};
  const listed = Array.isArray(settings.scriptOperations)
    ? settings.scriptOperations.filter((id): id is string => typeof id === 'string')
    : undefined;
  const defined = context.operations
    .map(({ operation }) => operation.operationId)
    .filter((id): id is string => typeof id === 'string');
  // Operations routed to the script: those listed in scriptOperations, else every operation.
  const routed = listed ? defined.filter((id) => listed.includes(id)) : defined;
  const literals = new Set(scan.strings.map(({ value }) => value));
  const executeAt = scan.code.search(/\bExecuteAsync\s*\(/);
  return routed
    .filter((id) => !literals.has(id))
    .map((id) => ({
      location: at(context, Math.max(executeAt, 0)),
      message: `The script never mentions operation "${id}", so calls to it are not handled.`,
      hint: `Handle it in ExecuteAsync, e.g. \`case "${id}":\` on this.Context.OperationId${listed ? ', or remove it from scriptOperations' : ''}.`,
    }));
}

export default defineRule({
  id: 'CSX4',
  severity: 'warning',
  file: CONNECTOR_FILES.script,
  description:
    'Every operation routed to the script (scriptOperations, else all) is handled: its operationId appears as a string literal.',
  evidence:
    'a heuristic: flags 24 of 56 certified connectors with a script, whose scripts pass other operations through unchanged',
  notes: 'A literal is the evidence of handling (e.g. `case "CreateCommunicationIdentity":`); comments do not count.',
  check: handledOperations,
});
