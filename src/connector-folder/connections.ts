/**
 * How a connector folder's apiProperties.json describes its connection: connection parameters
 * (top level, or one set per sign-in kind in `connectionParameterSets`) and the policy templates
 * that Power Platform applies to every request before the script sees it. Read by the validator
 * and the runtime alike; nothing here trusts the file's shape.
 */
import { isObject, stringValue } from '../shared/json.ts';
import { pointer } from '../shared/json-pointer.ts';

export interface ConnectionParameterDefinition {
  name: string;
  /** Where it is written, as a JSON pointer into apiProperties.json. */
  pointer: string;
  type: string;
  /** The raw definition, as written. */
  definition: Record<string, unknown>;
  required: boolean;
  hidden: boolean;
  displayName: string | undefined;
}

export interface ParameterSet {
  /** The set's name; undefined for a connector's top-level connectionParameters. */
  name: string | undefined;
  displayName: string | undefined;
  parameters: ConnectionParameterDefinition[];
  /** Where it is written, as a JSON pointer into apiProperties.json. */
  pointer: string;
}

export interface PolicyTemplateInstance {
  /** Lower case: Power Platform matches template ids without regard to case. */
  templateId: string;
  title: string | undefined;
  parameters: Record<string, unknown>;
  /** Operations it applies to (`x-ms-apimTemplate-operationName`); undefined means all. */
  operations: string[] | undefined;
  pointer: string;
}

/** `@connectionParameters('name')` or `@connectionParameters('name', 'default')`, quotes ' or ". */
const REFERENCE = /@connectionParameters\(\s*(['"])([^'"]*)\1\s*(?:,\s*(['"])([^'"]*)\3\s*)?\)/g;

function record(value: unknown): Record<string, unknown> | undefined {
  return isObject(value) ? value : undefined;
}

function parametersOf(value: unknown, at: string): ConnectionParameterDefinition[] {
  const parameters: ConnectionParameterDefinition[] = [];
  for (const [name, raw] of Object.entries(record(value) ?? {})) {
    const definition = record(raw) ?? {};
    const ui = record(definition.uiDefinition);
    const constraints = record(ui?.constraints);
    parameters.push({
      name,
      pointer: `${at}${pointer(name)}`,
      type: stringValue(definition.type) ?? '',
      definition,
      required: isTrue(constraints?.required),
      hidden: isTrue(constraints?.hidden),
      displayName: stringValue(ui?.displayName),
    });
  }
  return parameters;
}

/**
 * The sign-in kinds a connection can be made with: each of `connectionParameterSets.values`, or,
 * for a connector without sets, its top-level `connectionParameters` as the one kind.
 */
export function parameterSets(apiProperties: unknown): ParameterSet[] {
  const properties = record(record(apiProperties)?.properties) ?? {};
  const sets = record(properties.connectionParameterSets);
  if (sets && Array.isArray(sets.values)) {
    return sets.values.map((raw, index) => {
      const set = record(raw) ?? {};
      const pointer = `/properties/connectionParameterSets/values/${index}`;
      return {
        name: stringValue(set.name),
        displayName: stringValue(record(set.uiDefinition)?.displayName),
        parameters: parametersOf(set.parameters, `${pointer}/parameters`),
        pointer,
      };
    });
  }
  if (properties.connectionParameters === undefined) return [];
  const pointer = '/properties/connectionParameters';
  return [
    {
      name: undefined,
      displayName: undefined,
      parameters: parametersOf(properties.connectionParameters, pointer),
      pointer,
    },
  ];
}

/** Every parameter definition, at the top level and in each set (a set's name with it). */
export function allConnectionParameters(
  apiProperties: unknown,
): Array<ConnectionParameterDefinition & { set: string | undefined }> {
  const properties = record(record(apiProperties)?.properties) ?? {};
  const top = parametersOf(properties.connectionParameters, '/properties/connectionParameters').map((parameter) => ({
    ...parameter,
    set: undefined,
  }));
  const sets = record(properties.connectionParameterSets) ? parameterSets(apiProperties) : [];
  return [...top, ...sets.flatMap((set) => set.parameters.map((parameter) => ({ ...parameter, set: set.name })))];
}

export function policyTemplates(apiProperties: unknown): PolicyTemplateInstance[] {
  const properties = record(record(apiProperties)?.properties) ?? {};
  const instances = Array.isArray(properties.policyTemplateInstances) ? properties.policyTemplateInstances : [];
  return instances.map((raw, index) => {
    const instance = record(raw) ?? {};
    const parameters = record(instance.parameters) ?? {};
    const filter = parameters['x-ms-apimTemplate-operationName'];
    return {
      templateId: (stringValue(instance.templateId) ?? '').toLowerCase(),
      title: stringValue(instance.title),
      parameters,
      operations: Array.isArray(filter)
        ? filter.filter((id): id is string => typeof id === 'string')
        : typeof filter === 'string'
          ? [filter]
          : undefined,
      pointer: `/properties/policyTemplateInstances/${index}`,
    };
  });
}

/** The connection parameters a template value names, in order (with their defaults). */
export function connectionParameterReferences(template: string): Array<{ name: string; fallback: string | undefined }> {
  return [...template.matchAll(REFERENCE)].map((match) => ({ name: match[2]!, fallback: match[4] }));
}

/**
 * A template value with each `@connectionParameters(…)` replaced by the connection's value, or
 * by its default when the connection has none (a missing value without a default becomes '').
 * Names match without regard to letter case, as the platform matches them (certified connectors
 * write 'SerialNumber' for a parameter 'serialNumber').
 */
export function expandConnectionParameters(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(REFERENCE, (_match, _q1, name: string, _q2, fallback: string | undefined) => {
    const key = Object.hasOwn(values, name)
      ? name
      : Object.keys(values).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : values[key];
    return value !== undefined && value !== '' ? value : (fallback ?? '');
  });
}

/** The OAuth client-credentials settings of an `oauthSetting` parameter, when it has them. */
export interface ClientCredentialsSetting {
  /** The oauthSetting parameter's name (its sub-parameters are `name:clientId`, …). */
  parameter: string;
  resourceUri: string | undefined;
  loginUri: string | undefined;
  tenantParameter: string;
  clientIdParameter: string;
  clientSecretParameter: string;
}

/** Finds the client-credentials oauthSetting of a set (`grantType` `client_credentials`). */
export function clientCredentialsSetting(set: ParameterSet): ClientCredentialsSetting | undefined {
  for (const parameter of set.parameters) {
    if (parameter.type !== 'oauthSetting') continue;
    const settings = record(parameter.definition.oAuthSettings) ?? record(parameter.definition.oauthSettings) ?? {};
    const custom = Object.fromEntries(
      Object.entries(record(settings.customParameters) ?? {}).map(([key, value]) => [key.toLowerCase(), record(value)]),
    );
    if (stringValue(custom.granttype?.value) !== 'client_credentials') continue;
    const sub = (suffix: string) =>
      set.parameters.find((candidate) => candidate.name.toLowerCase() === `${parameter.name}:${suffix}`.toLowerCase())
        ?.name ?? `${parameter.name}:${suffix}`;
    return {
      parameter: parameter.name,
      resourceUri: stringValue(custom.resourceuri?.value),
      loginUri: stringValue(custom.loginuri?.value) ?? stringValue(custom.loginuriaad?.value),
      tenantParameter: sub('TenantId'),
      clientIdParameter: sub('clientId'),
      clientSecretParameter: sub('clientSecret'),
    };
  }
  return undefined;
}

/** x-ms-capabilities flags are booleans, but published connectors also write "true" as a string. */
export function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}
