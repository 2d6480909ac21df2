import { percentile } from '../shared/statistics.ts';
import { spawn } from 'node:child_process';
import { startEmulator } from '../emulator/index.ts';
import { ensureHostBuilt } from '../script-host/build.ts';
import { UserError } from '../shared/errors.ts';
import { CLI_ENTRY, REPOSITORY_ROOT } from '../shared/paths.ts';

/** The start-up targets for the median of each case, in ms (the acs-connector process alone). */
const TARGETS_MS: Record<string, number> = {
  help: 250,
  buildCheck: 400,
  validateNoCompile: 500,
  buildCheckThenValidate: 1000,
  invoke: 800,
};

interface Timing {
  medianMs: number;
  maxMs: number;
  /** The best run: on a machine shared with other work, the nearest to the command's own cost. */
  minMs: number;
}

/**
 * `bench cli`: the user's path, as real processes. Each case runs once untimed (disk cache, compile
 * cache, CLI build), then `runs` times; `node -e 0` is the floor no command can go under, and
 * `npx acs-connector --help` against `node bin/acs-connector.js --help` gives npx's own share.
 */
export async function benchCli({ runs }: { runs: number }): Promise<void> {
  await ensureHostBuilt({ onProgress: (message) => process.stderr.write(`${message}\n`) });
  const emulator = await startEmulator({ port: 0 });
  try {
    const cli = (...args: string[]) => [process.execPath, CLI_ENTRY, ...args];
    const invokeEnv = { COMMUNICATION_CONNECTION_STRING: emulator.connectionString };
    const cases: Record<string, string[][]> = {
      floor: [[process.execPath, '-e', '0']],
      help: [cli('--help')],
      buildCheck: [cli('build', '--check')],
      validateNoCompile: [cli('validate', '--no-compile')],
      validate: [cli('validate')],
      buildCheckThenValidate: [cli('build', '--check'), cli('validate')],
      // The breaking-change check as a user (or CI) runs it: the base read from git.
      diffHead: [cli('diff', '--base', 'HEAD')],
      invoke: [cli('invoke', 'CreateCommunicationIdentity')],
      npxHelp: [['npx', '--no-install', 'acs-connector', '--help']],
    };
    const results: Record<string, Timing> = {};
    for (const [name, commands] of Object.entries(cases)) {
      const env = name === 'invoke' ? invokeEnv : {};
      await runAll(commands, env);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await runAll(commands, env));
      results[name] = summarise(times);
      const target = TARGETS_MS[name];
      process.stdout.write(
        `${name.padEnd(24)} median ${results[name].medianMs.toFixed(0).padStart(5)} ms, max ${results[name].maxMs.toFixed(0).padStart(5)} ms, min ${results[name].minMs.toFixed(0).padStart(5)} ms` +
          `${target ? `  (target ≤ ${target} ms${results[name].medianMs <= target ? '' : ': MISSED'})` : ''}\n`,
      );
    }
    const npxOverheadMs = Math.round(results.npxHelp!.medianMs - results.help!.medianMs);
    process.stdout.write(`npx adds ${npxOverheadMs} ms to every command (not counted in the targets)\n`);
    const missed = Object.entries(TARGETS_MS)
      .filter(([name, target]) => results[name]!.medianMs > target)
      .map(([name]) => name);
    const { npxHelp: _npx, ...commands } = results;
    process.stdout.write(
      `${JSON.stringify({ task: 'cli', runs, ...commands, npxOverheadMs, targetsMs: TARGETS_MS, missed })}\n`,
    );
  } finally {
    await emulator.close();
  }
}

/** Runs the commands one after the other; the total wall time in ms. */
async function runAll(commands: string[][], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  for (const [command, ...args] of commands) await run(command!, args, env);
  return performance.now() - started;
}

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
      // On Windows npx is npx.cmd, which Node starts only through the shell (the arguments here are fixed).
      shell: process.platform === 'win32' && command === 'npx',
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else
        reject(
          new UserError(
            `\`${[command, ...args].join(' ')}\` failed (exit ${code}) during the benchmark:\n${stderr.trim()}`,
          ),
        );
    });
  });
}

function summarise(times: number[]): Timing {
  return {
    medianMs: Math.round(percentile(times, 50)),
    maxMs: Math.round(Math.max(...times)),
    minMs: Math.round(Math.min(...times)),
  };
}
