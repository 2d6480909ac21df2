import { ensureHostBuilt } from '../src/script-host/build.ts';

/** Builds the .NET script host once, before any test worker needs it. */
export default async function setup(): Promise<void> {
  await ensureHostBuilt({ onProgress: (message) => process.stderr.write(`${message}\n`) });
}
