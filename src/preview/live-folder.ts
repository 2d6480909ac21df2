/**
 * The connector folder the preview shows, kept current: read (with `validate`'s findings) at start
 * and again when one of its connector files changes; for our own connector an edit to the model
 * runs `build` first. Open pages hear of each change and problem as server-sent events.
 */
import { watch, type FSWatcher } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONNECTOR_FILES, readConnectorFolder } from '../connector-folder/index.ts';
import { ConnectorRuntime } from '../runtime/runtime.ts';
import { buildPreviewModel } from './model/view-model.ts';
import type { FindingView, PreviewModel } from './model/types.ts';

/** The folder as read once: its model for the page, and the runtime for Test runs. */
export interface LoadedFolder {
  version: number;
  model: PreviewModel;
  /** apiProperties.json as read, for the sign-ins the Test panel offers. */
  properties: unknown;
  /** The runtime, loaded with the first Test run (most page views never run one). */
  runtime(): Promise<ConnectorRuntime>;
  close(): Promise<void>;
  loadMs: number;
}

export interface LiveFolderOptions {
  /** Validate the folder for the cards' findings. */
  validate: boolean;
  /** When set, edits to these files rebuild the folder first (our own connector: the model). */
  modelSources?: { dir: string; rebuild: () => Promise<void> };
}

/** Editors write a file in several steps: one reload after the last of them. */
const RELOAD_DEBOUNCE_MS = 80;

export class LiveFolder {
  readonly #dir: string;
  readonly #validate: boolean;
  #loaded: LoadedFolder;
  #problem: string | undefined;
  readonly #listeners = new Set<ServerResponse>();
  readonly #watchers: FSWatcher[] = [];
  #reloadTimer: NodeJS.Timeout | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #buildTimer: NodeJS.Timeout | undefined;
  #building: Promise<void> = Promise.resolve();

  private constructor(dir: string, validate: boolean, loaded: LoadedFolder) {
    this.#dir = dir;
    this.#validate = validate;
    this.#loaded = loaded;
  }

  static async open(dir: string, options: LiveFolderOptions): Promise<LiveFolder> {
    const folder = new LiveFolder(dir, options.validate, await loadFolder(dir, 1, options.validate));
    folder.#watchConnectorFiles();
    if (options.modelSources) folder.#watchModel(options.modelSources);
    return folder;
  }

  /** The folder as last read, once a reload under way is done. */
  async current(): Promise<LoadedFolder> {
    await this.#reloading;
    return this.#loaded;
  }

  /** Why the last reload or rebuild failed; undefined once the folder was read again. */
  get problem(): string | undefined {
    return this.#problem;
  }

  /** Sends the page `reload` and `problem` events until it goes away. */
  stream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`event: hello\ndata: ${JSON.stringify({ version: this.#loaded.version })}\n\n`);
    this.#listeners.add(res);
    req.on('close', () => this.#listeners.delete(res));
  }

  /** No more reloads or events: the watches end, and so do the open event streams. */
  stopWatching(): void {
    clearTimeout(this.#reloadTimer);
    clearTimeout(this.#buildTimer);
    for (const watcher of this.#watchers) watcher.close();
    for (const listener of this.#listeners) listener.end();
  }

  async close(): Promise<void> {
    this.stopWatching();
    await this.#reloading.catch(() => undefined);
    await this.#loaded.close().catch(() => undefined);
  }

  #watchConnectorFiles(): void {
    const files = new Set<string>(Object.values(CONNECTOR_FILES));
    this.#watchers.push(
      watch(this.#dir, (_event, name) => {
        if (name && files.has(name)) this.#scheduleReload();
      }),
    );
  }

  #scheduleReload(): void {
    clearTimeout(this.#reloadTimer);
    this.#reloadTimer = setTimeout(() => {
      this.#reloading = this.#reloading
        .then(() => this.#reload())
        .catch((error: Error) => {
          this.#problem = `The folder could not be read again: ${error.message}`;
          this.#broadcast('problem', { message: this.#problem });
        });
    }, RELOAD_DEBOUNCE_MS);
  }

  async #reload(): Promise<void> {
    const previous = this.#loaded;
    this.#loaded = await loadFolder(this.#dir, previous.version + 1, this.#validate);
    this.#problem = undefined;
    await previous.close().catch(() => undefined);
    this.#broadcast('reload', { version: this.#loaded.version });
  }

  /** Our own connector: an edit to the model runs `build`, whose new files the folder watch then reloads. */
  #watchModel({ dir, rebuild }: NonNullable<LiveFolderOptions['modelSources']>): void {
    this.#watchers.push(
      watch(dir, () => {
        clearTimeout(this.#buildTimer);
        this.#buildTimer = setTimeout(() => {
          this.#building = this.#building.then(() =>
            rebuild().catch((error: Error) => {
              this.#problem = error.message;
              this.#broadcast('problem', { message: error.message });
            }),
          );
        }, RELOAD_DEBOUNCE_MS);
      }),
    );
  }

  #broadcast(event: string, data: unknown): void {
    for (const listener of this.#listeners) listener.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }
}

async function loadFolder(dir: string, version: number, validate: boolean): Promise<LoadedFolder> {
  const started = performance.now();
  const folder = readConnectorFolder(dir, ['definition', 'properties']);
  const findings = validate ? await findingsOf(dir) : [];
  const model = buildPreviewModel(folder.definition, folder.properties, findings);
  let runtime: Promise<ConnectorRuntime> | undefined;
  return {
    version,
    model,
    properties: folder.properties,
    runtime: () => (runtime ??= ConnectorRuntime.load({ dir })),
    close: async () => {
      const loadedRuntime = await runtime?.catch(() => undefined);
      await loadedRuntime?.close();
    },
    loadMs: performance.now() - started,
  };
}

/** `validate`'s findings (without the C# compile), for the cards; none when the validator fails. */
async function findingsOf(dir: string): Promise<FindingView[]> {
  const { validateConnectorFolder } = await import('../validate/index.ts');
  return validateConnectorFolder(dir).then(
    (all) =>
      all.map(({ ruleId, severity, location, message, hint }) => ({ ruleId, severity, location, message, hint })),
    () => [],
  );
}
