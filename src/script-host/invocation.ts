/** What check and serve share: the script path they accept, and how a failing host's stderr is shown. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { MAX_CONNECTOR_FILE_BYTES, tooLargeToRead } from '../connector-folder/files.ts';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import type { ScriptDiagnostic } from './protocol.ts';

/** The script's absolute path, once it is known to be a regular file of a size worth reading. */
export function requireScript(scriptPath: string): string {
  const absolute = path.resolve(scriptPath);
  // A wrong --script is a usage error (exit 2), told apart from a script with errors (exit 1).
  const options = {
    hint: "Pass the path of the connector's script.csx file with --script.",
    exitCode: EXIT_STATUS.usage,
  };
  if (!existsSync(absolute)) throw new UserError(`The script file ${scriptPath} does not exist.`, options);
  const info = statSync(absolute);
  if (info.isDirectory()) throw new UserError(`${scriptPath} is a folder, not a script file.`, options);
  // The host reads the file whole: a FIFO would never end, a device (/dev/zero) never stop growing.
  if (!info.isFile())
    throw new UserError(`${scriptPath} is not a regular file (a FIFO, device or socket), so it is not read.`, options);
  if (info.size > MAX_CONNECTOR_FILE_BYTES)
    throw new UserError(`${scriptPath} ${tooLargeToRead('script')}, so it is not read.`, options);
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
