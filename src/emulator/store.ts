import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { UserError } from '../shared/errors.ts';
import { GUID } from './guid.ts';

/**
 * The identities of the emulated resource: user part → "tokens valid after" (epoch ms).
 * Tokens are never stored; revoking or deleting moves or removes this one number, so memory
 * depends on the number of live identities only.
 */
/** A Teams Phone access assignment: the resource owner's consent for one Teams user or resource account. */
export interface Assignment {
  principalType: string;
  clientIds?: string[];
}

export class IdentityStore {
  readonly #identities = new Map<string, number>();
  /** `tenantId/objectId` (lower case) → assignment. */
  readonly #assignments = new Map<string, Assignment>();
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
    for (const [key, assignment] of Object.entries(saved?.assignments ?? {})) store.#assignments.set(key, assignment);
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

  get assignmentCount(): number {
    return this.#assignments.size;
  }

  assignment(tenantId: string, objectId: string): Assignment | undefined {
    return this.#assignments.get(assignmentKey(tenantId, objectId));
  }

  /** Creates or replaces; true when it is new. */
  putAssignment(tenantId: string, objectId: string, assignment: Assignment): boolean {
    const key = assignmentKey(tenantId, objectId);
    const created = !this.#assignments.has(key);
    this.#assignments.set(key, assignment);
    this.#changed();
    return created;
  }

  /** False when there was none. */
  deleteAssignment(tenantId: string, objectId: string): boolean {
    const deleted = this.#assignments.delete(assignmentKey(tenantId, objectId));
    if (deleted) this.#changed();
    return deleted;
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
      assignments: Object.fromEntries(this.#assignments),
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

const assignmentKey = (tenantId: string, objectId: string) => `${tenantId.toLowerCase()}/${objectId.toLowerCase()}`;

interface SavedState {
  version: 1;
  resourceId: string;
  identities: Record<string, number>;
  /** Absent in files written before the Teams Phone assignments existed. */
  assignments?: Record<string, Assignment>;
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
  const assignments = (parsed as Partial<SavedState>).assignments ?? {};
  if (typeof assignments !== 'object' || assignments === null || Array.isArray(assignments))
    throw corrupt('"assignments" must be an object');
  for (const [key, assignment] of Object.entries(assignments)) {
    const [tenantId = '', objectId = '', ...rest] = key.split('/');
    if (!GUID.test(tenantId) || !GUID.test(objectId) || rest.length > 0 || !isAssignment(assignment))
      throw corrupt(`assignment "${key.slice(0, 80)}" is not "<tenant GUID>/<object GUID>" with a principalType`);
  }
  return { version: 1, resourceId, identities, assignments };
}

function isAssignment(value: unknown): value is Assignment {
  if (typeof value !== 'object' || value === null) return false;
  const { principalType, clientIds } = value as Partial<Assignment>;
  return (
    typeof principalType === 'string' &&
    (clientIds === undefined || (Array.isArray(clientIds) && clientIds.every((id) => typeof id === 'string')))
  );
}
