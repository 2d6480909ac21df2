/** CI pipeline files, read as their runners read them: parsed YAML and the shell commands they run. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { parseDocument } from 'yaml';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

/** The npm scripts package.json defines. */
export const NPM_SCRIPTS = Object.keys(
  (JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts,
);

/** A pipeline file (path from the repository root), parsed; a YAML error fails the test, naming the line. */
export function loadPipeline(file: string): unknown {
  const document = parseDocument(readFileSync(path.resolve(REPOSITORY_ROOT, file), 'utf8'), { prettyErrors: true });
  expect(document.errors.map((error) => error.message)).toEqual([]);
  return document.toJS();
}

/** Every string under `key` (run: / script:) anywhere in the document, in document order. */
export function collect(node: unknown, key: string, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collect(item, key, found);
  else if (node !== null && typeof node === 'object') {
    for (const [name, value] of Object.entries(node)) {
      if (name === key && typeof value === 'string') found.push(value);
      else collect(value, key, found);
    }
  }
  return found;
}

/** Shell commands of a script: continuation lines joined, one command per line, comments left out. */
export function commandsOf(script: string): string[] {
  return script
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The npm scripts the commands call (`npm test`, `npm start`, `npm run NAME`) that package.json does not define. */
export function missingNpmScripts(commands: string[]): string[] {
  const called = commands.flatMap((command) => {
    const match = /^npm\s+(?:run(?:-script)?\s+(?:-s\s+)?([\w:-]+)|(test|start|stop|restart)\b)/.exec(command);
    return match ? [match[1] ?? match[2]!] : [];
  });
  return called.filter((name) => !NPM_SCRIPTS.includes(name));
}
