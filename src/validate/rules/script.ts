import { CONNECTOR_FILES } from '../../connector-folder/index.ts';
import { isObject, lineIndex } from '../../shared/json.ts';
import type { Rule, ValidationContext, Violation } from '../types.ts';
import { scanCSharp, type ScannedScript } from './csharp.ts';

const FILE = CONNECTOR_FILES.script;

// The scan and the line index are shared by the script rules of one run.
const scans = new WeakMap<ValidationContext, ScannedScript & { lines: ReturnType<typeof lineIndex> }>();
function scanned(context: ValidationContext): (ScannedScript & { lines: ReturnType<typeof lineIndex> }) | undefined {
  if (context.script === undefined) return undefined;
  let scan = scans.get(context);
  if (!scan) {
    scan = { ...scanCSharp(context.script), lines: lineIndex(context.script) };
    scans.set(context, scan);
  }
  return scan;
}

const at = (context: ValidationContext, offset: number) => `line ${scanned(context)?.lines(offset).line ?? 1}`;

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

function ownHttpClient(context: ValidationContext): Violation[] {
  const scan = scanned(context);
  if (!scan) return [];
  return [...scan.code.matchAll(/\bnew\s+HttpClient\s*\(/g)].map((match) => ({
    location: at(context, match.index),
    message: 'The script creates its own HttpClient.',
    hint: 'Send requests with `this.Context.SendAsync(request, this.CancellationToken)` so the platform applies its policies and limits.',
  }));
}

export const scriptRules: Rule[] = [
  {
    id: 'CSX4',
    severity: 'warning',
    file: FILE,
    description:
      'Every operation routed to the script (scriptOperations, else all) is handled: its operationId appears as a string literal.',
    evidence:
      'a heuristic: flags 24 of 56 certified connectors with a script, whose scripts pass other operations through unchanged',
    notes: 'A literal is the evidence of handling (e.g. `case "CreateCommunicationIdentity":`); comments do not count.',
    check: handledOperations,
  },
  {
    id: 'CSX7',
    severity: 'warning',
    file: FILE,
    description: 'The script sends requests through Context.SendAsync, not its own HttpClient.',
    evidence: 'certification guidance: flags 0 of 56 certified scripts',
    check: ownHttpClient,
  },
];
