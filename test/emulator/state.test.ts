import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.ts';
import { idPath, newAccessKey, send } from './helpers.ts';

const API = 'api-version=2023-10-01';
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'acs-emulator-state-'));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

it('persists a burst of concurrent changes: every create and delete survives a restart', async () => {
  const accessKey = newAccessKey();
  const stateFile = join(folder, 'state.json');
  const first = await startEmulator({ accessKey, stateFile });
  const ids: string[] = await Promise.all(
    Array.from(
      { length: 120 },
      async () => (await send(first.endpoint, accessKey, 'POST', `/identities?${API}`)).json.identity.id,
    ),
  );
  const [deleted, kept] = [ids.slice(0, 40), ids.slice(40)];
  await Promise.all(deleted.map((id) => send(first.endpoint, accessKey, 'DELETE', `${idPath(id)}?${API}`)));
  await first.close();
  expect(Object.keys(JSON.parse(await readFile(stateFile, 'utf8')).identities)).toHaveLength(80);
  // Every write went through a temporary file renamed over the state file; none is left behind.
  expect(await readdir(folder)).toEqual(['state.json']);

  const second = await startEmulator({ accessKey, stateFile });
  try {
    expect(second.resourceId).toBe(first.resourceId);
    const keptStatuses = await Promise.all(
      kept.map(
        async (id) =>
          (await send(second.endpoint, accessKey, 'POST', `${idPath(id)}/:revokeAccessTokens?${API}`)).status,
      ),
    );
    expect(new Set(keptStatuses)).toEqual(new Set([204]));
    const deletedStatuses = await Promise.all(
      deleted.map(async (id) => (await send(second.endpoint, accessKey, 'DELETE', `${idPath(id)}?${API}`)).status),
    );
    expect(new Set(deletedStatuses)).toEqual(new Set([404]));
  } finally {
    await second.close();
  }
});
