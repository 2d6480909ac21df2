/** Every security requirement of the definition (top level and per operation), with the scheme it names. */
import { isObject, type JsonObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import type { ValidationContext } from '../../types.ts';

export interface Requirement {
  /** Pointer to the requirement's value ("/security/0/oauth2", "/paths/…/get/security/0/key"). */
  pointer: string;
  name: string;
  value: unknown;
  /** The securityDefinitions entry it names, when there is one. */
  scheme?: JsonObject;
}

export function securityRequirements(context: ValidationContext): Requirement[] {
  const definition = context.definition;
  if (!definition) return [];
  const schemes = isObject(definition.securityDefinitions) ? definition.securityDefinitions : {};
  const holders: Array<[unknown, string]> = [
    [definition.security, '/security'],
    ...context.operations.map(({ operation, pointer: at }): [unknown, string] => [
      operation.security,
      `${at}/security`,
    ]),
  ];
  const found: Requirement[] = [];
  for (const [list, at] of holders) {
    if (!Array.isArray(list)) continue;
    list.forEach((requirement, index) => {
      if (!isObject(requirement)) return;
      for (const [name, value] of Object.entries(requirement)) {
        const scheme = Object.hasOwn(schemes, name) && isObject(schemes[name]) ? schemes[name] : undefined;
        found.push({ pointer: `${at}/${index}${pointer(name)}`, name, value, scheme });
      }
    });
  }
  return found;
}
