// `npm run lint` (and so `npm test` and CI): the house rules a machine can hold, run side by side
// since each mostly waits on its own process:
//   ESLint             type-checked rules and function length (eslint.config.js); skipped while
//                      nothing it reads changed since it last passed
//   dependency-cruiser the layers of src/ and no cycles (.dependency-cruiser.cjs)
//   Prettier           the layout of everything it formats (.prettierignore lists what it leaves)
//   dotnet format      the layout of the script host's C# (skipped, saying so, where the .NET SDK is
//                      missing). Its whitespace pass alone, on the files: the style and analyzer passes
//                      need a restored project (about 10 s of CPU and MSBuild's servers) and have
//                      nothing to report, since no .editorconfig raises a style rule above a suggestion
// Prints each tool's output only when it fails; fails when any fails.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (pkg, file) => join(ROOT, 'node_modules', pkg, file);
const SCRIPT_HOST_PROJECT = join(ROOT, 'src', 'script-host', 'ScriptHost');

const checks = [
  {
    name: 'ESLint',
    args: [bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.'],
    // A type-aware verdict on one file depends on others, so ESLint's per-file cache could keep a
    // stale one; instead a tree that passed is not linted again until a file it reads changes.
    passedStamp: join(ROOT, '.cache', 'eslint-passed'),
  },
  {
    name: 'dependency-cruiser (layers)',
    args: [bin('dependency-cruiser', 'bin/dependency-cruise.mjs'), '--config', '.dependency-cruiser.cjs', 'src'],
  },
  { name: 'Prettier', args: [bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level', 'warn', '.'] },
  dotnetAvailable()
    ? {
        name: 'dotnet format (script host)',
        command: 'dotnet',
        args: ['format', 'whitespace', SCRIPT_HOST_PROJECT, '--folder', '--verify-no-changes'],
        env: { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
        hint: `The script host's C# is not laid out as \`dotnet format\` would: run \`dotnet format whitespace ${relative(ROOT, SCRIPT_HOST_PROJECT)} --folder\`.`,
      }
    : { name: 'dotnet format (script host)', skipped: 'skipped: the .NET SDK (`dotnet`) is not on PATH' },
];

function dotnetAvailable() {
  return !spawnSync('dotnet', ['--version'], { stdio: 'ignore' }).error;
}

/** A hash of every file git would commit that ESLint reads or that shapes its verdicts. */
function lintedTreeHash() {
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (listed.status !== 0) return undefined;
  const read = /\.(ts|js|cjs|mjs)$|^(package-lock|tsconfig)\.json$/;
  const hash = createHash('sha256');
  for (const file of listed.stdout
    .split('\0')
    .filter((name) => read.test(name))
    .sort()) {
    if (!existsSync(join(ROOT, file))) continue; // deleted, not yet staged
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(ROOT, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

function run({ name, command = process.execPath, args, env, hint, skipped, passedStamp }) {
  if (skipped) return Promise.resolve({ name, code: 0, output: '', note: skipped });
  const treeHash = passedStamp && lintedTreeHash();
  if (treeHash && existsSync(passedStamp) && readFileSync(passedStamp, 'utf8') === treeHash) {
    return Promise.resolve({ name, code: 0, output: '', note: 'nothing changed since it last passed' });
  }
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    const done = (code) => {
      if (code === 0 && treeHash) {
        mkdirSync(dirname(passedStamp), { recursive: true });
        writeFileSync(passedStamp, treeHash);
      }
      if (code !== 0 && hint) output += `${hint}\n`;
      resolve({ name, code, output, note: `${((performance.now() - started) / 1000).toFixed(1)} s` });
    };
    child.on('error', (error) => {
      output += `${error.message}\n`;
      done(1);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

const results = await Promise.all(checks.map(run));
for (const { name, code, output, note } of results) {
  process.stdout.write(`${code === 0 ? 'ok  ' : 'FAIL'} ${name} (${note})\n`);
  if (code !== 0) process.stdout.write(`${output.trimEnd()}\n\n`);
}
process.exitCode = results.some((result) => result.code !== 0) ? 1 : 0;
