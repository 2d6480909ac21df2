/**
 * One emulator and one runtime on the connector's own folder, shared by the cases of a test file
 * (started before them, closed after), for the actions that need a user signed in by the
 * emulator's Microsoft Entra ID stand-in.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { startEmulator, TEAMS_USER_TOKEN_PATH, type RunningEmulator } from '../../src/emulator/index.ts';
import { emulatorConnection } from '../../src/orchestration/embedded-emulator.ts';
import { connectionInput, type SignInKind } from '../../src/runtime/connection.ts';
import type { OperationInputs } from '../../src/runtime/request.ts';
import { ConnectorRuntime } from '../../src/runtime/runtime.ts';
import { REPOSITORY_ROOT } from '../../src/shared/paths.ts';

export interface RuntimeOnEmulator {
  readonly emulator: RunningEmulator;
  readonly runtime: ConnectorRuntime;
  /** Runs an action through script.csx, signed in to the emulator with `kind`. */
  invoke(
    operationId: string,
    kind: SignInKind,
    inputs?: Omit<OperationInputs, 'connection' | 'connectionString'>,
  ): ReturnType<ConnectorRuntime['invoke']>;
  /** A Teams user signed in by the Entra ID stand-in: its answer (token, tenantId, appId, userId, expiresOn). */
  signIn(body: Record<string, unknown>): Promise<unknown>;
}

export function runtimeOnEmulator(): RuntimeOnEmulator {
  let emulator: RunningEmulator | undefined;
  let runtime: ConnectorRuntime | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    runtime = await ConnectorRuntime.load({ dir: REPOSITORY_ROOT });
  });
  afterAll(async () => {
    await runtime?.close();
    await emulator?.close();
  });
  const started = () => {
    if (!emulator || !runtime) throw new Error('runtimeOnEmulator() is used before its beforeAll ran');
    return { emulator, runtime };
  };
  return {
    get emulator() {
      return started().emulator;
    },
    get runtime() {
      return started().runtime;
    },
    invoke(operationId, kind, inputs = {}) {
      const { emulator, runtime } = started();
      const connection = connectionInput(runtime.definition, emulatorConnection(emulator, kind));
      return runtime.invoke(operationId, { ...inputs, connection });
    },
    async signIn(body) {
      const response = await fetch(new URL(TEAMS_USER_TOKEN_PATH, started().emulator.endpoint), {
        method: 'POST',
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      return response.json();
    },
  };
}
