import {
  connectorFolderOf,
  readConnectorFolder,
  requireConnectorFolder,
  type ConnectorFileKey,
} from '../connector-folder/index.ts';
import type { ValidationContext } from './types.ts';

/** Reads the connector files of `dir` (missing ones stay undefined) and indexes the definition. */
export function loadConnectorFolder(dir: string): ValidationContext {
  const connector = readConnectorFolder(requireConnectorFolder(dir));
  return { ...connector, script: connector.raw.script?.toString('utf8') };
}

/** The same from files in memory, judged as if they were in `dir` (nothing is read from disk). */
export function connectorContextOf(dir: string, files: Partial<Record<ConnectorFileKey, Buffer>>): ValidationContext {
  const connector = connectorFolderOf(dir, files);
  return { ...connector, script: connector.raw.script?.toString('utf8') };
}
