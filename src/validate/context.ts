import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../shared/errors.ts';
import { resolvePointer } from '../shared/json-pointer.ts';
import { isObject, parseJsonDocument, pointer } from './json.ts';
import { FILE_NAMES, type FileKey, type OperationEntry, type ParameterEntry, type ValidationContext } from './types.ts';

/** A --dir that names no folder is a usage error (exit 2), told apart from a package with errors (exit 1). */
const USAGE_ERROR = 2;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'] as const;

/** Reads the connector files of `dir` (missing ones stay undefined) and indexes the definition. */
export async function loadConnectorFolder(dir: string): Promise<ValidationContext> {
  const folder = path.resolve(dir);
  const info = await stat(folder).catch(() => undefined);
  if (!info) {
    throw new UserError(`The folder ${folder} does not exist.`, {
      hint: 'Pass --dir with the folder that holds apiDefinition.swagger.json and apiProperties.json.',
      exitCode: USAGE_ERROR,
    });
  }
  if (!info.isDirectory()) {
    throw new UserError(`${folder} is a file, not a folder.`, {
      hint: 'Pass --dir with the connector folder itself, not one of its files.',
      exitCode: USAGE_ERROR,
    });
  }

  const raw: Partial<Record<FileKey, Buffer>> = {};
  await Promise.all(
    (Object.keys(FILE_NAMES) as FileKey[]).map(async (key) => {
      const content = await readFile(path.join(folder, FILE_NAMES[key])).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw new UserError(`Cannot read ${FILE_NAMES[key]} in ${folder}: ${error.message}`, {
          hint: 'Check that the file is readable (permissions) and is a regular file.',
        });
      });
      if (content) raw[key] = content;
    }),
  );

  const definitionJson = raw.definition ? parseJsonDocument(raw.definition) : undefined;
  const propertiesJson = raw.properties ? parseJsonDocument(raw.properties) : undefined;
  const definition = isObject(definitionJson?.value) ? definitionJson.value : undefined;
  const properties = isObject(propertiesJson?.value) ? propertiesJson.value : undefined;
  const operations = definition ? listOperations(definition) : [];

  const resolveRef = (ref: string): unknown =>
    definition && ref.startsWith('#') ? resolvePointer(definition, ref.slice(1), { fromUriFragment: true }) : undefined;

  return {
    dir: folder,
    raw,
    definitionJson,
    propertiesJson,
    definition,
    properties,
    script: raw.script?.toString('utf8'),
    operations,
    resolveRef,
    parametersOf: (entry) => parametersOf(entry, definition ?? {}, resolveRef),
  };
}

function listOperations(definition: Record<string, unknown>): OperationEntry[] {
  const operations: OperationEntry[] = [];
  if (!isObject(definition.paths)) return operations;
  for (const [routePath, item] of Object.entries(definition.paths)) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (isObject(operation)) {
        operations.push({ path: routePath, method, pointer: pointer('paths', routePath, method), operation });
      }
    }
  }
  return operations;
}

/** Path-level parameters apply unless the operation redefines the same name and location. */
function parametersOf(
  entry: OperationEntry,
  definition: Record<string, unknown>,
  resolveRef: (ref: string) => unknown,
): ParameterEntry[] {
  const resolve = (list: unknown, base: string): ParameterEntry[] =>
    (Array.isArray(list) ? list : []).flatMap((item, index) => {
      const target = isObject(item) && typeof item.$ref === 'string' ? resolveRef(item.$ref) : item;
      return isObject(target) ? [{ pointer: `${base}/parameters/${index}`, parameter: target }] : [];
    });
  const pathItem = isObject(definition.paths) ? (definition.paths as Record<string, unknown>)[entry.path] : undefined;
  const own = resolve(entry.operation.parameters, entry.pointer);
  const shared = isObject(pathItem) ? resolve(pathItem.parameters, pointer('paths', entry.path)) : [];
  const key = (p: ParameterEntry) => `${String(p.parameter.in)}:${String(p.parameter.name)}`;
  const ownKeys = new Set(own.map(key));
  return [...shared.filter((p) => !ownKeys.has(key(p))), ...own];
}
