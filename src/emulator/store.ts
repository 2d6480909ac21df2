import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { UserError } from '../shared/errors.ts';
import { GUID } from './guid.ts';

/**
 * The identities of the emulated resource: user part → "tokens valid after" (epoch ms).
 * Tokens are never stored; revoking or deleting moves or removes this one number, so memory
 * depends on the number of live identities only.
 */
export class IdentityStore {
  readonly #identities = new Map<string, number>();
  readonly #stateFile: string | undefined;
  #writing: Promise<void> | undefined;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #resourceId: string;

  private constructor(resourceId: string, stateFile: string | undefined) {
    this.#resourceId = resourceId;
    this.#stateFile = stateFile;
  }

  /** Loads `stateFile` when it exists; `resourceId` undefined means "take the file's, or none". */
  static async open(
    resourceId: string | undefined,
    stateFile: string | undefined,
    newResourceId: () => string,
  ): Promise<IdentityStore> {
    const saved = stateFile === undefined ? undefined : await readState(stateFile);
    if (saved && resourceId !== undefined && saved.resourceId.toLowerCase() !== resourceId.toLowerCase()) {
      throw new UserError(
        `--resource-id ${resourceId} differs from the resource id ${saved.resourceId} recorded in the state file ${stateFile}.`,
        {
          hint: 'Leave out --resource-id to continue with the saved identities, or pass another --state file.',
        },
      );
    }
    const store = new IdentityStore(saved?.resourceId ?? resourceId ?? newResourceId(), stateFile);
    for (const [userPart, validAfter] of Object.entries(saved?.identities ?? {}))
      store.#identities.set(userPart, validAfter);
    return store;
  }

  get resourceId(): string {
    return this.#resourceId;
  }

  get size(): number {
    return this.#identities.size;
  }

  has(userPart: string): boolean {
    return this.#identities.has(userPart);
  }

  validAfter(userPart: string): number | undefined {
    return this.#identities.get(userPart);
  }

  add(userPart: string, now: number): void {
    this.#identities.set(userPart, now);
    this.#changed();
  }

  /** Tokens issued before `now` stop being valid. */
  revoke(userPart: string, now: number): void {
    this.#identities.set(userPart, now);
    this.#changed();
  }

  delete(userPart: string): void {
    this.#identities.delete(userPart);
    this.#changed();
  }

  /** Writes any pending change and stops the write timer. */
  async flush(): Promise<void> {
    for (;;) {
      if (this.#timer) {
        clearTimeout(this.#timer);
        this.#timer = undefined;
      }
      if (this.#writing) {
        await this.#writing;
        continue;
      }
      if (!this.#dirty) return;
      this.#startWrite();
    }
  }

  #changed(): void {
    if (this.#stateFile === undefined) return;
    this.#dirty = true;
    // Debounced: a burst of changes becomes one write; writes never overlap.
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      if (!this.#writing) this.#startWrite();
    }, 50);
  }

  #startWrite(): void {
    this.#dirty = false;
    const state: SavedState = {
      version: 1,
      resourceId: this.#resourceId,
      identities: Object.fromEntries(this.#identities),
    };
    this.#writing = writeFileAtomic(this.#stateFile!, `${JSON.stringify(state)}\n`)
      .catch((error: unknown) => {
        process.stderr.write(
          `warning: could not save the emulator state to ${this.#stateFile}: ${(error as Error).message}\n`,
        );
      })
      .finally(() => {
        this.#writing = undefined;
        if (this.#dirty && !this.#timer) this.#changed();
      });
  }
}

interface SavedState {
  version: 1;
  resourceId: string;
  identities: Record<string, number>;
}

async function readState(stateFile: string): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UserError(`Cannot read the --state file ${stateFile}: ${(error as Error).message}`);
  }
  const corrupt = (what: string) =>
    new UserError(`The --state file ${stateFile} is not an emulator state file (${what}).`, {
      hint: 'Delete it to start with no identities, or pass another --state file.',
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw corrupt('it is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as SavedState).version !== 1)
    throw corrupt('expected {"version":1,…}');
  const { resourceId, identities } = parsed as Partial<SavedState>;
  if (typeof resourceId !== 'string' || !GUID.test(resourceId)) throw corrupt('"resourceId" must be a GUID');
  if (typeof identities !== 'object' || identities === null || Array.isArray(identities))
    throw corrupt('"identities" must be an object');
  for (const [userPart, validAfter] of Object.entries(identities)) {
    if (!GUID.test(userPart) || typeof validAfter !== 'number' || !Number.isFinite(validAfter)) {
      throw corrupt(`identity "${userPart.slice(0, 60)}" is not a GUID with a numeric timestamp`);
    }
  }
  return { version: 1, resourceId, identities };
}
