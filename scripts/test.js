// `npm test`: the type check, the linters (scripts/lint.js) and the test suite run at the same
// time, since the type check and ESLint each take 10-30 s of one core that the suite, mostly
// waiting on child processes, leaves free. The suite's output streams as usual; the others' follow
// it. Fails when any fails.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');

function run(script, args, capture) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    let output = '';
    if (capture) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
}

const [typecheck, lint, tests] = await Promise.all([
  run(tsc, ['--noEmit'], true),
  run(join(dirname(fileURLToPath(import.meta.url)), 'lint.js'), [], true),
  run(vitest, ['run', ...process.argv.slice(2)], false),
]);
if (typecheck.code === 0) {
  process.stdout.write('Type check (tsc --noEmit): no errors.\n');
} else {
  process.stdout.write(`\nType check (tsc --noEmit) failed:\n${typecheck.output}`);
}
process.stdout.write(`${lint.code === 0 ? 'Lint (npm run lint): no problems.' : 'Lint (npm run lint) failed:'}\n`);
process.stdout.write(lint.output);
process.exitCode = tests.code !== 0 ? tests.code : typecheck.code || lint.code;
