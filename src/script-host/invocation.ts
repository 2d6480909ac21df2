/** What check and serve share: the script path they accept, and how a failing host's stderr is shown. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../shared/errors.ts';
import type { ScriptDiagnostic } from './protocol.ts';

/** The script's absolute path, once it is known to be a file. */
export function requireScript(scriptPath: string): string {
  const absolute = path.resolve(scriptPath);
  // A wrong --script is a usage error (exit 2), told apart from a script with errors (exit 1).
  const options = { hint: 'Pass the path of the connector\'s script.csx file with --script.', exitCode: 2 };
  if (!existsSync(absolute)) throw new UserError(`The script file ${scriptPath} does not exist.`, options);
  if (!statSync(absolute).isFile()) throw new UserError(`${scriptPath} is a folder, not a script file.`, options);
  return absolute;
}

/** The last few lines the host wrote to stderr: enough to explain a failure, not a flood of script output. */
export function stderrTail(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n');
}

/** How a diagnostic reads on a terminal: `file:line:column: severity RULE [CODE]: message`. */
export function formatDiagnostic(d: ScriptDiagnostic): string {
  const ids = d.id === d.rule ? d.rule : `${d.rule} ${d.id}`;
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${ids}: ${d.message}`;
}
