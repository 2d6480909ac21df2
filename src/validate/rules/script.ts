import supportedNamespaces from '../../shared/supported-namespaces.json' with { type: 'json' };
import { CONNECTOR_FILES } from '../../connector-folder/index.ts';
import { isObject, lineAndColumn } from '../../shared/json.ts';
import type { Rule, ValidationContext, Violation } from '../types.ts';
import { scanCSharp, type ScannedScript } from './csharp.ts';

const FILE = CONNECTOR_FILES.script;
const MAX_BYTES = 1024 * 1024;

/** Namespaces the service offers to scripts, plus the one holding ScriptBase. */
export const SUPPORTED_NAMESPACES: readonly string[] = supportedNamespaces.namespaces;

// The scan is shared by the script rules of one run.
const scans = new WeakMap<ValidationContext, ScannedScript>();
function scanned(context: ValidationContext): ScannedScript | undefined {
  if (context.script === undefined) return undefined;
  let scan = scans.get(context);
  if (!scan) {
    scan = scanCSharp(context.script);
    scans.set(context, scan);
  }
  return scan;
}

const at = (context: ValidationContext, offset: number) => `line ${lineAndColumn(context.script ?? '', offset).line}`;

export function oversizeScript(context: ValidationContext): Violation[] {
  const bytes = context.raw.script?.length ?? 0;
  return bytes > MAX_BYTES
    ? [{ location: 'line 1', message: `script.csx has ${bytes} bytes; scripts must stay under 1 MB (${MAX_BYTES} bytes).`, hint: 'Remove unused code; move heavy work to the service itself.' }]
    : [];
}

const SCRIPT_CLASS = /\bclass\s+Script\s*:\s*ScriptBase\b/;

export function missingScriptClass(context: ValidationContext): Violation[] {
  const scan = scanned(context);
  if (!scan || SCRIPT_CLASS.test(scan.code)) return [];
  return [{ location: 'line 1', message: 'script.csx declares no `class Script : ScriptBase`, so the service cannot run it.', hint: 'Declare `public class Script : ScriptBase` and override `ExecuteAsync`.' }];
}

function executeAsync(context: ValidationContext): Violation[] {
  const scan = scanned(context);
  if (!scan || !SCRIPT_CLASS.test(scan.code) || /\boverride\b[^;{}()]*\bExecuteAsync\s*\(/.test(scan.code)) return [];
  return [{ location: at(context, scan.code.search(SCRIPT_CLASS)), message: 'class Script does not override ExecuteAsync.', hint: 'Add `public override async Task<HttpResponseMessage> ExecuteAsync()`.' }];
}

export function unsupportedUsings(context: ValidationContext): Violation[] {
  const scan = scanned(context);
  if (!scan) return [];
  const violations: Violation[] = [];
  // Directives only: `using X.Y;`, `using static X.Y.T;`, `using A = X.Y;` — not `using (…)` statements.
  const directive = /(^|[;{}\n])\s*(?:global\s+)?using\s+(static\s+)?(?:[A-Za-z_]\w*\s*=\s*)?([A-Za-z_][\w.]*)\s*;/g;
  for (const match of scan.code.matchAll(directive)) {
    const name = match[3]!;
    const parent = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : name;
    // `using static` and aliases may name a type: accept a type inside a supported namespace.
    const typeAllowed = (match[2] !== undefined || match[0].includes('=')) && SUPPORTED_NAMESPACES.includes(parent);
    if (SUPPORTED_NAMESPACES.includes(name) || typeAllowed) continue;
    violations.push({
      location: at(context, match.index + match[0].indexOf('using')),
      message: `\`using ${name};\` is not among the namespaces the connector script runtime supports.`,
      hint: 'Remove it and use the supported namespaces only (System.*, Newtonsoft.Json, Microsoft.Extensions.Logging, … — see the certification rules).',
    });
  }
  return violations;
}

function handledOperations(context: ValidationContext): Violation[] {
  const scan = scanned(context);
  if (!scan || !context.definition) return [];
  const settings = isObject(context.properties?.properties) ? context.properties.properties : {};
  const listed = Array.isArray(settings.scriptOperations) ? settings.scriptOperations.filter((id): id is string => typeof id === 'string') : undefined;
  const defined = context.operations.map(({ operation }) => operation.operationId).filter((id): id is string => typeof id === 'string');
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
  { id: 'CSX1', severity: 'error', file: FILE, description: 'script.csx is under 1 MB.', check: oversizeScript },
  { id: 'CSX2', severity: 'error', file: FILE, description: 'script.csx declares `class Script : ScriptBase`.', check: missingScriptClass },
  { id: 'CSX3', severity: 'error', file: FILE, description: 'Every `using` directive names a supported namespace.', check: unsupportedUsings },
  { id: 'CSX4', severity: 'error', file: FILE, description: 'Every operation routed to the script (scriptOperations, else all) is handled: its operationId appears as a string literal.', notes: 'A literal is the evidence of handling (e.g. `case "CreateCommunicationIdentity":`); comments do not count.', check: handledOperations },
  { id: 'CSX6', severity: 'error', file: FILE, description: 'class Script overrides ExecuteAsync.', check: executeAsync },
  { id: 'CSX7', severity: 'warning', file: FILE, description: 'The script sends requests through Context.SendAsync, not its own HttpClient.', check: ownHttpClient },
];
