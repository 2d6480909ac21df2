import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { OpenAPIV2 } from 'openapi-types';
import { UserError } from '../shared/errors.ts';
import { resolvePointer } from '../shared/json-pointer.ts';

/**
 * What Power Platform is given: the two JSON files of a connector folder. The runtime reads only
 * these (plus script.csx, run by the script host), never the project's model.
 */
export interface ConnectorDefinition {
  dir: string;
  swagger: OpenAPIV2.Document;
  apiProperties: ApiProperties;
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
}

export async function loadConnectorDefinition(dir: string): Promise<ConnectorDefinition> {
  await requireFolder(dir);
  const swagger = (await readJson(join(dir, 'apiDefinition.swagger.json'))) as OpenAPIV2.Document;
  const apiProperties = (await readJson(join(dir, 'apiProperties.json'))) as ApiProperties;
  return { dir, swagger, apiProperties };
}

/** A --dir that names no folder is a usage error, not a missing build. */
export async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new UserError(`--dir ${dir} is not a folder.`, {
      hint: 'Give the connector folder that holds apiDefinition.swagger.json and apiProperties.json (default: the repository root).',
      exitCode: 2,
    });
  }
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`Cannot read ${path}.`, { hint: 'Run `npm run build` to generate the connector files.' });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not valid JSON: ${(error as Error).message}`, {
      hint: 'Run `npx acs-connector validate` to see where the file is broken.',
    });
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

// Every call looks its operation up; the list is derived once per loaded definition.
const operationLists = new WeakMap<ConnectorDefinition, OperationDefinition[]>();

export function listOperations(definition: ConnectorDefinition): OperationDefinition[] {
  const known = operationLists.get(definition);
  if (known) return known;
  const operations: OperationDefinition[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(definition.swagger.paths ?? {})) {
    if (!pathItem) continue;
    const shared = (pathItem.parameters ?? []).map((p) => resolveParameter(definition.swagger, p));
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (!operation?.operationId) continue;
      const own = (operation.parameters ?? []).map((p) => resolveParameter(definition.swagger, p));
      // An operation's own parameter overrides a path-level one with the same name and location.
      const parameters = [
        ...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)),
        ...own,
      ];
      operations.push({ operationId: operation.operationId, method: method.toUpperCase(), pathTemplate, operation, parameters });
    }
  }
  operationLists.set(definition, operations);
  return operations;
}

export function findOperation(definition: ConnectorDefinition, operationId: string): OperationDefinition {
  const operations = listOperations(definition);
  const found = operations.find((o) => o.operationId === operationId);
  if (!found) {
    throw new UserError(`The connector has no operation "${operationId}".`, {
      hint: `Use one of: ${operations.map((o) => o.operationId).join(', ')}.`,
      exitCode: 2,
    });
  }
  return found;
}

function resolveParameter(
  swagger: OpenAPIV2.Document,
  parameter: OpenAPIV2.ReferenceObject | OpenAPIV2.Parameter,
): OpenAPIV2.Parameter {
  if ('$ref' in parameter && typeof parameter.$ref === 'string') {
    const resolved = parameter.$ref.startsWith('#')
      ? resolvePointer(swagger, parameter.$ref.slice(1), { fromUriFragment: true })
      : undefined;
    if (!resolved) throw new UserError(`apiDefinition.swagger.json refers to ${parameter.$ref}, which does not exist.`);
    return resolved as OpenAPIV2.Parameter;
  }
  return parameter as OpenAPIV2.Parameter;
}

/** The header that carries the connection string, as the apiKey security definition names it. */
export function connectionHeaderName(definition: ConnectorDefinition): string | undefined {
  for (const scheme of Object.values(definition.swagger.securityDefinitions ?? {})) {
    if (scheme.type === 'apiKey' && scheme.in === 'header') return scheme.name;
  }
  return undefined;
}
