/** Builds the .NET script host once per source change; a directory lock keeps concurrent builds apart. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { UserError } from '../shared/errors.ts';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';

/** The host's C# project. */
export const projectDir = path.join(REPOSITORY_ROOT, 'src', 'script-host', 'ScriptHost');
const outputDir = path.join(projectDir, 'bin', 'Release', 'net10.0');
/** The built host, run with `dotnet`. */
export const hostDll = path.join(outputDir, 'ScriptHost.dll');
const stampFile = path.join(outputDir, 'source-hash.txt');
const lockDir = path.join(projectDir, 'bin', 'build.lock');
/** Also the longest a build may run: a lock older than any build's limit is abandoned. */
const staleLockMs = 10 * 60_000;
/** Built into the host from outside its project folder. */
const sharedInputs = [path.join(projectDir, '..', '..', 'shared', 'supported-namespaces.json')];

/** Hash of every source file of the host project: a changed source means a rebuild. */
async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  const names = (await readdir(projectDir)).filter((name) => name.endsWith('.cs') || name.endsWith('.csproj')).sort();
  for (const file of [...names.map((name) => path.join(projectDir, name)), ...sharedInputs]) {
    hash
      .update(path.basename(file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  return hash.digest('hex');
}

async function isBuildCurrent(expectedHash: string): Promise<boolean> {
  if (!existsSync(hostDll)) return false;
  try {
    return (await readFile(stampFile, 'utf8')).trim() === expectedHash;
  } catch {
    return false;
  }
}

/**
 * Builds the host with `dotnet build` unless the current sources were built already. Safe to call
 * concurrently. Returns the hash of the host's sources, which names the build.
 */
export async function ensureHostBuilt(options?: { onProgress?: (message: string) => void }): Promise<string> {
  const expected = await sourceHash();
  if (await isBuildCurrent(expected)) return expected;
  const onProgress = options?.onProgress ?? ((message: string) => process.stderr.write(`${message}\n`));

  await withBuildLock(
    async () => {
      // Another process may have built it while this one waited for the lock.
      if (await isBuildCurrent(expected)) return;
      onProgress('Building the .NET script host (first run only)…');
      const started = performance.now();
      await dotnetBuild();
      await writeFileAtomic(stampFile, `${expected}\n`);
      onProgress(`Built the .NET script host in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    },
    () => onProgress('Waiting for another process that is building the .NET script host…'),
  );
  return expected;
}

/** Runs `dotnet build` on the host's project; a missing SDK, a stalled or a failed build is a UserError saying what to do. */
async function dotnetBuild(): Promise<void> {
  const result = await execa(
    'dotnet',
    [
      'build',
      path.join(projectDir, 'ScriptHost.csproj'),
      '-c',
      'Release',
      '-nologo',
      '-v',
      'q',
      // No MSBuild nodes or compiler server left running after the build.
      '-nodeReuse:false',
      '-p:UseSharedCompilation=false',
    ],
    {
      reject: false,
      all: true,
      timeout: staleLockMs,
      forceKillAfterDelay: 2000,
      env: { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' },
    },
  ).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (result === undefined || (result.failed && result.exitCode === undefined && !result.timedOut)) {
    throw new UserError('The .NET SDK (`dotnet`) was not found, and the script host needs it.', {
      hint: 'Install the .NET SDK 10 (https://dot.net) and make sure `dotnet` is on PATH.',
    });
  }
  const rebuild = `dotnet build ${path.relative(process.cwd(), projectDir)} -c Release`;
  if (result.timedOut) {
    throw new UserError(
      `Building the .NET script host did not finish within ${staleLockMs / 60_000} minutes; the build was stopped.`,
      { hint: `Run \`${rebuild}\` to see where it stalls (often a NuGet restore waiting on the network).` },
    );
  }
  if (result.exitCode !== 0) {
    const tail = (result.all ?? '')
      .split('\n')
      .filter((line) => /error|warn/i.test(line))
      .slice(-15)
      .join('\n');
    throw new UserError(`Building the .NET script host failed (dotnet build exit code ${result.exitCode}).\n${tail}`, {
      hint: `Run \`${rebuild}\` to see the full output; NuGet packages must be restorable.`,
    });
  }
}

/**
 * A directory as lock (mkdir is atomic); a lock whose owner died or that is very old is taken over.
 * Held while a build writes the project's bin/ and obj/.
 */
async function withBuildLock<T>(work: () => Promise<T>, onWait: () => void): Promise<T> {
  await mkdir(path.dirname(lockDir), { recursive: true });
  for (let waited = false; ; waited = true) {
    try {
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!waited) onWait();
      if (await isLockStale()) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await writeFile(path.join(lockDir, 'pid'), String(process.pid));
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function isLockStale(): Promise<boolean> {
  try {
    const info = await stat(lockDir);
    if (Date.now() - info.mtimeMs > staleLockMs) return true;
    const pid = Number(await readFile(path.join(lockDir, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false; // owner still writing its pid
    process.kill(pid, 0);
    return false;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ESRCH'; // owner process is gone
  }
}
