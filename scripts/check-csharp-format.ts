// The script host's C# against `dotnet format` (run by scripts/lint.js). It runs after the host is
// built and under the host's build lock, so its restore never races a `dotnet build` that the test
// suite starts at the same time; with the build done it needs no restore of its own.
import { execa } from 'execa';
import { ensureHostBuilt, projectDir, withBuildLock } from '../src/script-host/build.ts';

await ensureHostBuilt({ onProgress: () => undefined });
const result = await withBuildLock(
  () =>
    execa('dotnet', ['format', projectDir, '--verify-no-changes', '--no-restore'], {
      reject: false,
      all: true,
      env: { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    }),
  () => undefined,
);
if (result.exitCode !== 0) {
  process.stdout.write(
    `${result.all ?? ''}\nThe script host's C# is not formatted as \`dotnet format\` would: run \`dotnet format ${projectDir}\`.\n`,
  );
}
process.exitCode = result.exitCode ?? 1;
