import { readConnectorFolder, requireConnectorFolder } from '../connector-folder/index.ts';
import type { ValidationContext } from './types.ts';

/** Reads the connector files of `dir` (missing ones stay undefined) and indexes the definition. */
export async function loadConnectorFolder(dir: string): Promise<ValidationContext> {
  const connector = await readConnectorFolder(await requireConnectorFolder(dir));
  return { ...connector, script: connector.raw.script?.toString('utf8') };
}
