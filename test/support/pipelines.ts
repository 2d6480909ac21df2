/** What a CI pipeline file runs: it must parse, and every npm command in it must name a script that exists. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

/** The pipeline file parsed (a YAML error throws, naming the line). */
export function readPipeline(file: string): unknown {
  return parse(readFileSync(path.resolve(REPOSITORY_ROOT, file), 'utf8'));
}

/** Every `run:` or `script:` command line anywhere in the parsed pipeline. */
export function commandsOf(pipeline: unknown): string[] {
  const commands: string[] = [];
  const pending: unknown[] = [pipeline];
  while (pending.length > 0) {
    const value = pending.shift();
    if (Array.isArray(value)) pending.push(...value);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if ((key === 'run' || key === 'script') && typeof child === 'string') {
          commands.push(
            ...child
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean),
          );
        } else pending.push(child);
      }
    }
  }
  return commands;
}

/** The npm scripts the commands call (`npm test`, `npm start`, `npm run NAME`) that package.json does not define. */
export function missingNpmScripts(commands: string[]): string[] {
  const scripts = (
    JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const called = commands.flatMap((command) => {
    const match = /^npm\s+(?:run(?:-script)?\s+(?:-s\s+)?([\w:-]+)|(test|start|stop|restart)\b)/.exec(command);
    return match ? [match[1] ?? match[2]!] : [];
  });
  return called.filter((name) => !(name in scripts));
}
