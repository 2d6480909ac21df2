import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, type OperationEntry, type ParameterEntry } from '../../../connector-folder/index.ts';
import { isObject, type JsonObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { operationName, templateVariables, writtenParameters } from './shared.ts';

/** Parameters of one list that share a name and location, after the first of each. */
function repeats(list: readonly ParameterEntry[]): ParameterEntry[] {
  const seen = new Set<string>();
  return list.filter(({ parameter }) => {
    if (typeof parameter.name !== 'string') return false;
    const key = `${String(parameter.in)}\u0000${parameter.name}`;
    if (seen.has(key)) return true;
    seen.add(key);
    return false;
  });
}

function parameterLists(context: ValidationContext): Violation[] {
  const definition = context.definition;
  if (!definition || !isObject(definition.paths)) return [];
  const violations: Violation[] = [];
  for (const [path, item] of Object.entries(definition.paths))
    if (isObject(item)) violations.push(...sharedListProblems(definition, path, item));
  for (const entry of context.operations)
    violations.push(...ownListProblems(definition, entry), ...pathVariableProblems(entry), ...nameProblems(entry));
  return violations;
}

/** The parameters a path item shares with its operations: each once, one body at most. */
function sharedListProblems(definition: JsonObject, path: string, item: JsonObject): Violation[] {
  const at = pointer('paths', path);
  const shared = writtenParameters(definition, item.parameters, at);
  const violations: Violation[] = repeats(shared).map(({ parameter, pointer: where }) => ({
    msCode: 'PathParametersContainDuplicateParameter',
    location: where,
    message: `The parameters shared by the path ${path} list "${String(parameter.name)}" (in ${String(parameter.in)}) twice.`,
    hint: 'Remove the repeated parameter.',
  }));
  const sharedBodies = shared.filter(({ parameter }) => parameter.in === 'body').length;
  if (sharedBodies > 1)
    violations.push({
      msCode: 'PathParametersContainMultipleBodyParameters',
      location: `${at}/parameters`,
      message: `The parameters shared by the path ${path} hold ${sharedBodies} body parameters; a request has one body.`,
      hint: 'Combine them into one body parameter whose schema holds every value.',
    });
  return violations;
}

/** The operation's own list names each parameter once per location. */
function ownListProblems(definition: JsonObject, entry: OperationEntry): Violation[] {
  return repeats(writtenParameters(definition, entry.operation.parameters, entry.pointer)).map(
    ({ parameter, pointer: where }) => ({
      msCode: 'OperationParametersContainDuplicateParameter',
      location: where,
      message: `Operation ${operationName(entry)} lists the parameter "${String(parameter.name)}" (in ${String(parameter.in)}) twice.`,
      hint: 'Remove the repeated parameter.',
    }),
  );
}

/** Every variable of the path template has its path parameter. */
function pathVariableProblems(entry: OperationEntry): Violation[] {
  const pathNames = new Set(
    entry.parameters.filter(({ parameter }) => parameter.in === 'path').map(({ parameter }) => parameter.name),
  );
  return [...new Set(templateVariables(entry.path))]
    .filter((variable) => !pathNames.has(variable))
    .map((variable) => ({
      msCode: 'OperationMissingPathParameter',
      location: entry.pointer,
      message: `Operation ${operationName(entry)} has no path parameter "${variable}", which its path ${entry.path} needs.`,
      hint: `Add a parameter { "name": "${variable}", "in": "path", "required": true, "type": "string" } to the operation or its path.`,
    }));
}

/** The designer shows and keys parameters by name: one name in two locations is two fields it cannot tell apart. */
function nameProblems(entry: OperationEntry): Violation[] {
  const violations: Violation[] = [];
  const locationsByName = new Map<string, string>();
  for (const { parameter, pointer: where } of entry.parameters) {
    if (typeof parameter.name !== 'string') continue;
    const earlier = locationsByName.get(parameter.name);
    if (earlier !== undefined && earlier !== String(parameter.in))
      violations.push({
        msCode: 'OperationParametersAreNotUnique',
        location: where,
        message: `Operation ${operationName(entry)} has two parameters named "${parameter.name}" (in ${earlier} and in ${String(parameter.in)}).`,
        hint: 'Rename one of them so that each parameter of an operation has its own name.',
      });
    else if (earlier === undefined) locationsByName.set(parameter.name, String(parameter.in));
  }
  return violations;
}

export default defineRule({
  id: 'OP2',
  msCode: [
    'PathParametersContainDuplicateParameter',
    'PathParametersContainMultipleBodyParameters',
    'OperationParametersContainDuplicateParameter',
    'OperationMissingPathParameter',
    'OperationParametersAreNotUnique',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'A parameter list names each parameter once per location and holds one body at most; every path variable has its path parameter; an operation does not use one name in two locations.',
  evidence:
    'Swagger 2.0 identifies a parameter by name and location and gives a request one body; each part flags 0 of 618 certified connectors',
  check: parameterLists,
});
