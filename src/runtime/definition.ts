import { join } from 'node:path';
import type { OpenAPIV2 } from 'openapi-types';
import {
  CONNECTOR_FILES,
  readConnectorFolder,
  requireConnectorFolder,
  type OperationEntry,
} from '../connector-folder/index.ts';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { isObject, type JsonDocument, type JsonObject } from '../shared/json.ts';

/**
 * What Power Platform is given: the two JSON files of a connector folder. The runtime reads only
 * these (plus script.csx, run by the script host), never the project's model.
 */
export interface ConnectorDefinition {
  dir: string;
  swagger: OpenAPIV2.Document;
  apiProperties: ApiProperties;
  operations: OperationDefinition[];
}

export interface ApiProperties {
  properties: {
    connectionParameters?: Record<string, { type: string; uiDefinition?: { displayName?: string } }>;
    scriptOperations?: string[];
    [key: string]: unknown;
  };
}

export interface OperationDefinition {
  operationId: string;
  method: string;
  pathTemplate: string;
  operation: OpenAPIV2.OperationObject;
  parameters: OpenAPIV2.Parameter[];
  /** By status code ("200", "default"), $refs resolved. */
  responses: Record<string, OpenAPIV2.ResponseObject>;
}

export async function loadConnectorDefinition(dir: string): Promise<ConnectorDefinition> {
  requireConnectorFolder(dir);
  const folder = readConnectorFolder(dir, ['definition', 'properties']);
  for (const key of ['definition', 'properties'] as const) {
    const why = folder.refused[key];
    if (why)
      throw new UserError(`${join(dir, CONNECTOR_FILES[key])} ${why}.`, {
        hint: `Put the file itself in the connector folder (run \`npx acs-connector validate --dir ${dir}\` to see every problem).`,
      });
  }
  const swagger = requireJsonObject(
    join(dir, CONNECTOR_FILES.definition),
    folder.definitionJson,
  ) as unknown as OpenAPIV2.Document;
  const apiProperties = requireJsonObject(
    join(dir, CONNECTOR_FILES.properties),
    folder.propertiesJson,
  ) as unknown as ApiProperties;
  return { dir, swagger, apiProperties, operations: runtimeOperations(folder.operations) };
}

function requireJsonObject(file: string, document: JsonDocument | undefined): JsonObject {
  if (!document)
    throw new UserError(`Cannot read ${file}.`, { hint: 'Run `npm run build` to generate the connector files.' });
  if (isObject(document.value)) return document.value;
  if (document.tooDeep)
    throw new UserError(
      `${file} nests more than ${document.tooDeep.limit} levels deep (line ${document.tooDeep.line}, column ${document.tooDeep.column}).`,
      { hint: 'Run `npx acs-connector validate` to see every problem.' },
    );
  const problem = document.parseError
    ? `is not valid JSON (line ${document.parseError.line}, column ${document.parseError.column}: ${document.parseError.message})`
    : 'does not hold a JSON object';
  throw new UserError(`${file} ${problem}.`, {
    hint: 'Run `npx acs-connector validate` to see where the file is broken.',
  });
}

/** The operations a call can name (those with an operationId); a parameter $ref that leads nowhere stops the load. */
function runtimeOperations(operations: OperationEntry[]): OperationDefinition[] {
  const broken = operations.flatMap((entry) => entry.brokenParameterRefs)[0];
  if (broken) throw new UserError(`${CONNECTOR_FILES.definition} refers to ${broken.ref}, which does not exist.`);
  return operations.flatMap((entry) => {
    const { operationId } = entry.operation;
    if (typeof operationId !== 'string' || operationId === '') return [];
    return [
      {
        operationId,
        method: entry.method.toUpperCase(),
        pathTemplate: entry.path,
        operation: entry.operation as unknown as OpenAPIV2.OperationObject,
        parameters: entry.parameters.map(({ parameter }) => parameter as unknown as OpenAPIV2.Parameter),
        responses: Object.fromEntries(
          entry.responses.map(({ code, response }) => [code, response as unknown as OpenAPIV2.ResponseObject]),
        ),
      },
    ];
  });
}

export function findOperation(definition: ConnectorDefinition, operationId: string): OperationDefinition {
  const found = definition.operations.find((o) => o.operationId === operationId);
  if (!found) {
    throw new UserError(`The connector has no operation "${operationId}".`, {
      hint: `Use one of: ${definition.operations.map((o) => o.operationId).join(', ')}.`,
      exitCode: EXIT_STATUS.usage,
    });
  }
  return found;
}
