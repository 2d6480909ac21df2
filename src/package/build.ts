import { join } from 'node:path';
import { requireConnectorFolder } from '../connector-folder/index.ts';
import { timeWarmRuns } from '../shared/timing.ts';
import { UserError } from '../shared/errors.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';
import { expectedPackageFiles, staleFiles, writePackage } from './generate.ts';

/** `acs-connector build [--check] [--dir DIR]`; returns the exit code. */
export async function runBuild(options: { check?: boolean; dir?: string }): Promise<number> {
  const dir = requireConnectorFolder(options.dir ?? REPOSITORY_ROOT);
  if (options.check) {
    const stale = await staleFiles(dir, await expectedPackageFiles(dir));
    if (stale.length === 0) {
      process.stdout.write(`All generated files in ${dir} are up to date.\n`);
      return 0;
    }
    for (const file of stale) {
      process.stderr.write(
        `stale: ${join(dir, file.name)} ${file.missing ? 'is missing' : 'differs from what src/connector generates'}\n`,
      );
    }
    // `npm run build` writes the repository root, so a --dir folder needs its own command.
    const fix = options.dir === undefined ? 'npm run build' : `npx acs-connector build --dir ${dir}`;
    process.stderr.write(`hint: run \`${fix}\` and commit the result.\n`);
    return 1;
  }
  const written = await writePackage(dir).catch((error: NodeJS.ErrnoException) => {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot write the connector files to ${dir}: ${error.message}`, {
      hint: 'Check that you may write to that folder, or pass --dir with one you can write to.',
    });
  });
  if (written.length === 0) process.stdout.write(`All generated files in ${dir} were already up to date.\n`);
  for (const name of written) process.stdout.write(`wrote ${name}\n`);
  return 0;
}

/** `bench package`: warm generate-and-compare time, as `build --check` does it. */
export async function benchPackage(runs: number): Promise<void> {
  const { p50Ms, maxMs } = await timeWarmRuns(runs, async () =>
    staleFiles(REPOSITORY_ROOT, await expectedPackageFiles(REPOSITORY_ROOT)),
  );
  process.stdout.write(
    `build (generate + compare, warm): p50 ${p50Ms.toFixed(2)} ms, max ${maxMs.toFixed(2)} ms over ${runs} runs\n`,
  );
  process.stdout.write(`${JSON.stringify({ task: 'build', runs, p50Ms, maxMs })}\n`);
}
