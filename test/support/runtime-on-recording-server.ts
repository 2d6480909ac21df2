/**
 * A recording server (a stand-in ACS resource that keeps every request as it arrived) and one
 * runtime on the connector's own folder, shared by the cases of a test file (started before them,
 * closed after): for tests of what the platform would send on the wire.
 */
import { afterAll, beforeAll } from 'vitest';
import { ConnectorRuntime } from '../../src/runtime/runtime.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';
import { startRecordingServer, type RecordingServer } from './recording-server.ts';

export interface RuntimeOnRecordingServer {
  readonly server: RecordingServer;
  readonly runtime: ConnectorRuntime;
  /** Points at the server, signed with the access key given. */
  readonly connectionString: string;
}

export function runtimeOnRecordingServer(accessKey: string): RuntimeOnRecordingServer {
  let server: RecordingServer | undefined;
  let runtime: ConnectorRuntime | undefined;
  beforeAll(async () => {
    server = await startRecordingServer();
    runtime = await ConnectorRuntime.load({ dir: REPOSITORY_ROOT });
  });
  afterAll(async () => {
    await runtime?.close();
    await server?.close();
  });
  const started = () => {
    if (!server || !runtime) throw new Error('runtimeOnRecordingServer() is used before its beforeAll ran');
    return { server, runtime };
  };
  return {
    get server() {
      return started().server;
    },
    get runtime() {
      return started().runtime;
    },
    get connectionString() {
      return `endpoint=http://127.0.0.1:${started().server.port}/;accesskey=${accessKey}`;
    },
  };
}
