import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startScriptHost } from '../../src/script-host/serve.ts';
import type { ScriptHost } from '../../src/script-host/protocol.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { startRecordingServer, type RecordingServer } from './recording-server.ts';

/** The repository's script.csx in a host, and a recording server for it to send to, for the enclosing suite. */
export function scriptWithRecorder(): {
  readonly host: ScriptHost;
  readonly server: RecordingServer;
  readonly endpoint: string;
} {
  const state = {} as { host: ScriptHost; server: RecordingServer; endpoint: string };
  beforeAll(async () => {
    [state.host, state.server] = await Promise.all([
      startScriptHost({ scriptPath: path.join(REPOSITORY_ROOT, 'script.csx') }),
      startRecordingServer(),
    ]);
    state.endpoint = `http://127.0.0.1:${state.server.port}/`;
  });
  afterAll(async () => {
    await Promise.all([state.host?.close(), state.server?.close()]);
  });
  return state;
}
