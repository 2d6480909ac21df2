/**
 * The ACS emulator the Test panel signs in to when no real resource is given: started with the
 * first Test run that needs it (most page views never run one), with the recorder in front of it
 * so that the panel shows each request as script.csx sent it.
 */
import type { RunningEmulator } from '../emulator/index.ts';
import type { ResolvedConnection } from '../runtime/connection.ts';
import { startRecorder, type Recorder } from './recorder.ts';

export interface RecordedEmulator {
  emulator: RunningEmulator;
  recorder: Recorder;
}

export type EmulatorSignIn = 'emulator-connection-string' | 'emulator-entra';

export class EmbeddedEmulator {
  #starting: Promise<RecordedEmulator> | undefined;
  #running: RecordedEmulator | undefined;

  /** The emulator and its recorder; started by the first call. */
  start(): Promise<RecordedEmulator> {
    this.#starting ??= (async () => {
      const { startEmulator } = await import('../emulator/index.ts');
      const emulator = await startEmulator({ port: 0 });
      this.#running = { emulator, recorder: await startRecorder(emulator.endpoint) };
      return this.#running;
    })();
    return this.#starting;
  }

  /** The emulator once started; undefined before. */
  get running(): RecordedEmulator | undefined {
    return this.#running;
  }

  async close(): Promise<void> {
    const started = await this.#starting?.catch(() => undefined);
    await started?.recorder.close();
    await started?.emulator.close();
  }
}

/** A connection to the embedded emulator whose ACS calls go through the recorder. */
export function throughRecorder(started: RecordedEmulator, signIn: EmulatorSignIn): ResolvedConnection {
  const { emulator, recorder } = started;
  const shared = {
    source: 'emulator' as const,
    endpoint: recorder.endpoint,
    authorityHost: emulator.endpoint,
    close: async () => {},
  };
  if (signIn === 'emulator-connection-string') {
    return {
      kind: 'connection-string',
      connectionString: `endpoint=${recorder.endpoint};accesskey=${accessKeyOf(emulator) ?? ''}`,
      ...shared,
    };
  }
  const app = emulator.applications[0]!;
  return {
    kind: 'entra',
    entra: {
      endpoint: recorder.endpoint,
      tenantId: app.tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    },
    ...shared,
  };
}

/** The emulator's own secrets (its access key, its applications' client secrets), to be hidden wherever they appear. */
export function emulatorSecrets(emulator: RunningEmulator | undefined): string[] {
  if (!emulator) return [];
  const accessKey = accessKeyOf(emulator);
  return [...(accessKey ? [accessKey] : []), ...emulator.applications.map((app) => app.clientSecret)];
}

function accessKeyOf(emulator: RunningEmulator): string | undefined {
  return /accesskey=([^;]+)/i.exec(emulator.connectionString)?.[1];
}
