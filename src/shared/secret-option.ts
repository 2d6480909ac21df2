import { describeProblem, formatBytes, readRegularFile } from './read-file.ts';
import { EXIT_STATUS, UserError } from './errors.ts';

const SECRET_LIMIT = 64 * 1024;

/**
 * The value of a flag that carries a secret (a connection string, a client secret): `@FILE` reads
 * it from a file, `-` from standard input, so that it never sits in the process arguments, where
 * any local user can read it (ps, /proc/PID/cmdline). An inline value still works, with a warning
 * on stderr that says how to avoid it. One trailing line break of a file or of stdin is dropped.
 */
export async function readSecretOption(flag: string, value: string, environmentVariable?: string): Promise<string> {
  if (value === '-') return trimLineBreak(await readStandardInput(flag));
  if (value.startsWith('@')) {
    const path = value.slice(1);
    const read = readRegularFile(path, SECRET_LIMIT);
    if (!read.ok) {
      throw new UserError(`${flag} ${value}: the file ${path} ${describeProblem(read.problem)}.`, {
        hint: `Give @ followed by the path of a file that holds only the value (at most ${formatBytes(SECRET_LIMIT)}), or - to read it from standard input.`,
        exitCode: EXIT_STATUS.usage,
      });
    }
    return trimLineBreak(read.bytes.toString('utf8'));
  }
  if (value !== '') {
    const alternatives = [`${flag} @FILE`, `${flag} - (standard input)`];
    if (environmentVariable) alternatives.push(`$${environmentVariable}`);
    process.stderr.write(
      `warning: a secret given inline as ${flag} is visible to other users of this machine while the command runs (process list, /proc); ` +
        `use ${alternatives.slice(0, -1).join(', ')} or ${alternatives.at(-1)} instead.\n`,
    );
  }
  return value;
}

async function readStandardInput(flag: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > SECRET_LIMIT) {
      process.stdin.destroy();
      throw new UserError(`${flag} -: standard input holds more than ${formatBytes(SECRET_LIMIT)}.`, {
        hint: 'Pipe in only the value, for example: acs-connector invoke … --connection-string - < connection.txt',
        exitCode: EXIT_STATUS.usage,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function trimLineBreak(text: string): string {
  return text.replace(/\r?\n$/, '');
}
