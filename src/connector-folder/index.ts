/**
 * What a connector folder holds, read the way Power Platform reads it. The validator and the
 * runtime both build on this; neither the model (src/connector) nor the script host is loaded.
 */
import path from 'node:path';
import { isObject, parseJsonDocument, type JsonDocument, type JsonObject } from '../shared/json.ts';
import { readConnectorFiles, type ConnectorFileKey } from './files.ts';
import { listOperations, resolveLocalRef, type OperationEntry } from './operations.ts';

export {
  allConnectionParameters,
  clientCredentialsSetting,
  connectionParameterReferences,
  expandConnectionParameters,
  parameterSets,
  policyTemplates,
  type ClientCredentialsSetting,
  type ConnectionParameterDefinition,
  type ParameterSet,
  type PolicyTemplateInstance,
} from './connections.ts';
export {
  CONNECTOR_FILES,
  CONNECTOR_SCRIPT,
  MAX_CONNECTOR_FILE_BYTES,
  README_FILE,
  readConnectorFiles,
  requireConnectorFolder,
  type ConnectorFileKey,
} from './files.ts';
export {
  allParameters,
  dereference,
  HTTP_METHODS,
  listOperations,
  MAX_REF_HOPS,
  resolveLocalRef,
  type HttpMethod,
  type OperationEntry,
  type ParameterEntry,
  type ResponseEntry,
} from './operations.ts';

export interface ConnectorFolder {
  dir: string;
  /** The files as found; a missing or refused one is undefined. */
  raw: Partial<Record<ConnectorFileKey, Buffer>>;
  /** Files present but not read (a link out of the folder, a FIFO or device, too large), with why. */
  refused: Partial<Record<ConnectorFileKey, string>>;
  definitionJson?: JsonDocument;
  propertiesJson?: JsonDocument;
  /** The parsed definition when it is a JSON object, else undefined. */
  definition?: JsonObject;
  properties?: JsonObject;
  operations: OperationEntry[];
  /** Resolves a local "#/…" reference inside the definition; undefined when it does not resolve. */
  resolveRef(ref: string): unknown;
}

/** Reads and parses a connector folder (all four files unless `files` says which); nothing is judged here. */
export function readConnectorFolder(dir: string, files?: readonly ConnectorFileKey[]): ConnectorFolder {
  const folder = path.resolve(dir);
  const { files: raw, refused } = readConnectorFiles(folder, files);
  return connectorFolderOf(folder, raw, refused);
}

/** A connector folder from files already in memory (the validator's seeded-defect tests build them so). */
export function connectorFolderOf(
  folder: string,
  raw: Partial<Record<ConnectorFileKey, Buffer>>,
  refused: Partial<Record<ConnectorFileKey, string>> = {},
): ConnectorFolder {
  const definitionJson = raw.definition ? parseJsonDocument(raw.definition) : undefined;
  const propertiesJson = raw.properties ? parseJsonDocument(raw.properties) : undefined;
  const definition = isObject(definitionJson?.value) ? definitionJson.value : undefined;
  const properties = isObject(propertiesJson?.value) ? propertiesJson.value : undefined;
  return {
    dir: folder,
    raw,
    refused,
    definitionJson,
    propertiesJson,
    definition,
    properties,
    operations: listOperations(definition),
    resolveRef: (ref) => (definition ? resolveLocalRef(definition, ref) : undefined),
  };
}
