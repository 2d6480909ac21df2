// Compiles the TypeScript CLI (src/) into one JavaScript bundle per source state under .build/,
// so `acs-connector` starts without compiling TypeScript at every run. bin/acs-connector.js calls
// compiledEntry() on every start: when src/ is unchanged that costs a few file stats; when it
// changed, the bundle is rebuilt first (esbuild, well under a second), so a stale build never runs.
// `npm ci` runs this file (the `prepare` script) so the first command is fast too.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIR = join(ROOT, 'src');
const BUILD_DIR = join(ROOT, '.build');
const MANIFEST = join(BUILD_DIR, 'current.json');
/** Besides src/: this file (the bundle settings) and the lock file (esbuild's and the packages' versions). */
const EXTRA_INPUTS = [fileURLToPath(import.meta.url), join(ROOT, 'package-lock.json')];
/** A process started from an older build may still load its lazy chunks for a while. */
const KEEP_OLD_BUILDS_MS = 60 * 60_000;

/** The path of the compiled CLI for the current sources, built first if needed. */
export async function compiledEntry() {
  const inputs = [...sourceFiles(), ...EXTRA_INPUTS];
  const stamp = inputs
    .map((file) => {
      const { size, mtimeMs } = statSync(file);
      return `${relative(ROOT, file)}:${size}:${mtimeMs}`;
    })
    .join('\n');
  const manifest = readManifest();
  if (manifest?.stamp === stamp && existsSync(join(BUILD_DIR, manifest.build, 'main.js'))) {
    return join(BUILD_DIR, manifest.build, 'main.js');
  }
  // Timestamps moved (an edit, a checkout, a rebase): the content decides whether to rebuild.
  const build = `cli-${await contentHash(inputs)}`;
  const entry = join(BUILD_DIR, build, 'main.js');
  if (!existsSync(entry)) await bundle(build);
  writeAtomic(MANIFEST, JSON.stringify({ build, stamp }));
  pruneOldBuilds(build);
  return entry;
}

/** Source files the bundle is made of (the .NET host's own bin/obj output is not). */
function sourceFiles() {
  const files = [];
  const pending = [SOURCE_DIR];
  while (pending.length > 0) {
    const dir = pending.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name !== 'bin' && entry.name !== 'obj' && !entry.name.startsWith('.'))
          pending.push(join(dir, entry.name));
      } else if (/\.(ts|js|json)$/.test(entry.name)) {
        files.push(join(dir, entry.name));
      }
    }
  }
  return files.sort();
}

async function contentHash(files) {
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256');
  for (const file of files) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

async function bundle(build) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new CompileError(
      'the compiled CLI (.build/) is out of date with src/, and esbuild, which rebuilds it, is not installed.',
      'run `npm ci` in the repository.',
    );
  }
  const temporary = join(BUILD_DIR, `.${build}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // The preview page's script, embedded in the CLI (src/preview/page-assets.ts).
    const pageScript = await bundlePreviewPage(esbuild);
    await esbuild.build({
      entryPoints: { main: join(SOURCE_DIR, 'cli', 'main.ts') },
      define: { __PREVIEW_PAGE_SCRIPT__: JSON.stringify(pageScript) },
      outdir: temporary,
      bundle: true,
      // Each `await import()` stays its own chunk: `--help` and small commands load no area's code.
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Dependencies are bundled too: one parsed file instead of hundreds of module lookups.
      // Bundled CommonJS packages still call require() for Node's own modules.
      // ESM builds first: jsonc-parser's UMD build requires its own files by computed paths.
      mainFields: ['module', 'main'],
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
      sourcemap: 'linked',
      chunkNames: 'chunks/[name]-[hash]',
      logLevel: 'silent',
    });
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    const messages = (error.errors ?? []).map(
      (e) => `${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`,
    );
    throw new CompileError(
      `the CLI could not be compiled from src/:\n${messages.join('\n') || error.message}`,
      'fix the source named above, then run the command again.',
    );
  }
  try {
    // A folder appears whole or not at all; another process may have built the same sources first.
    renameSync(temporary, join(BUILD_DIR, build));
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(join(BUILD_DIR, build, 'main.js'))) throw error;
  }
}

/**
 * The preview page's script (src/preview/page/main.ts) bundled for the browser: the compiled CLI
 * embeds it, and src/preview/page-assets.ts bundles it here when run from the sources (tests).
 */
export async function bundlePreviewPage(esbuild) {
  const page = await (esbuild ?? (await import('esbuild'))).build({
    entryPoints: [join(SOURCE_DIR, 'preview', 'page', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  });
  return page.outputFiles[0].text;
}

function readManifest() {
  try {
    return JSON.parse(readFileSync(MANIFEST, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeAtomic(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function pruneOldBuilds(current) {
  const now = Date.now();
  for (const name of readdirSync(BUILD_DIR)) {
    if (name === current || name === 'current.json') continue;
    const path = join(BUILD_DIR, name);
    try {
      if (now - statSync(path).mtimeMs > KEEP_OLD_BUILDS_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Pruned by another process meanwhile.
    }
  }
}

/** A build problem the user can act on: bin/acs-connector.js prints it without a stack trace. */
export class CompileError extends Error {
  constructor(message, hint) {
    super(message);
    this.hint = hint;
  }
}

// `node scripts/build-cli.js` (the `prepare` script) builds without running the CLI.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const entry = await compiledEntry();
    process.stdout.write(`acs-connector compiled: ${relative(ROOT, entry)}\n`);
  } catch (error) {
    process.stderr.write(`error: ${error.message}\n${error.hint ? `hint: ${error.hint}\n` : ''}`);
    process.exitCode = 1;
  }
}
