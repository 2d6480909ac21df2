import {
  clientCredentialsSetting,
  expandConnectionParameters,
  parameterSets,
  policyTemplates,
  type ClientCredentialsSetting,
  type ParameterSet,
} from '../connector-folder/index.ts';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { stringValue } from '../shared/json.ts';

/** A connection as Power Platform keeps it: the sign-in kind chosen and the values entered for it. */
export interface ConnectionInput {
  /** The connection parameter set's name; may be left out when the connector has one sign-in kind. */
  parameterSet?: string;
  /** Connection parameter values by name, e.g. { connectionString } or { endpoint, 'token:tenantId', … }. */
  values: Record<string, string>;
  /** Where an OAuth sign-in gets its tokens; default $AZURE_AUTHORITY_HOST, else the connector's loginUri. */
  authorityHost?: string;
}

/** The request while the platform is still shaping it: what policies read and change. */
export interface RequestDraft {
  operationId: string;
  url: URL;
  headers: Record<string, string>;
}

/** The sign-in kind that takes a connection string alone: the set whose one parameter is a secret. */
export function connectionStringSet(apiProperties: unknown): ParameterSet | undefined {
  return parameterSets(apiProperties).find(
    (candidate) => candidate.parameters.length === 1 && candidate.parameters[0]!.type === 'securestring',
  );
}

/** The set a connection uses, checked: it exists and every required value is given. */
export function chooseParameterSet(
  apiProperties: unknown,
  connection: ConnectionInput,
): { set: ParameterSet; oauth: ClientCredentialsSetting | undefined } {
  const sets = parameterSets(apiProperties);
  const names = sets.map((set) => set.name ?? '(default)').join(', ');
  const set =
    connection.parameterSet === undefined
      ? sets.length === 1
        ? sets[0]
        : undefined
      : sets.find((candidate) => candidate.name === connection.parameterSet);
  if (!set) {
    throw new UserError(
      connection.parameterSet === undefined
        ? `The connector has ${sets.length} sign-in kinds (${names}); the connection must name one.`
        : `The connector has no sign-in kind "${connection.parameterSet}".`,
      {
        hint: `Use one of: ${names || 'none (the connector declares no connection parameters)'}.`,
        exitCode: EXIT_STATUS.usage,
      },
    );
  }
  const oauth = clientCredentialsSetting(set);
  const missing = set.parameters.filter(
    (parameter) =>
      parameter.type !== 'oauthSetting' &&
      parameter.required &&
      (connection.values[parameter.name] ?? '').trim() === '',
  );
  if (missing.length > 0) {
    throw new UserError(
      `The connection has no ${missing.map((parameter) => `${parameter.displayName ?? parameter.name} ("${parameter.name}")`).join(', ')}.`,
      {
        hint: `Give every value the "${set.displayName ?? set.name ?? 'connection'}" sign-in needs.`,
        exitCode: EXIT_STATUS.usage,
      },
    );
  }
  return { set, oauth };
}

/**
 * Applies the connector's policy templates to a request as the platform does before the script
 * runs: setheader (Request section), setqueryparameter and dynamichosturl, each only for the
 * operations its `x-ms-apimTemplate-operationName` lists (all when absent). Returns the names of
 * templates the local runtime does not implement, which the caller reports.
 */
export function applyPolicies(
  apiProperties: unknown,
  request: RequestDraft,
  values: Readonly<Record<string, string>>,
): string[] {
  const skipped: string[] = [];
  for (const policy of policyTemplates(apiProperties)) {
    if (policy.operations && !policy.operations.includes(request.operationId)) continue;
    const parameter = (name: string) => stringValue(policy.parameters[`x-ms-apimTemplateParameter.${name}`]);
    const existsAction = (parameter('existsAction') ?? 'override').toLowerCase();
    const label = policy.title ?? policy.templateId;
    switch (policy.templateId) {
      case 'setheader': {
        const section = policy.parameters['x-ms-apimTemplate-policySection'];
        if (section !== undefined && section !== 'Request') continue;
        const name = parameter('name');
        if (!name) continue;
        const value = expandConnectionParameters(parameter('value') ?? '', values);
        const existing = Object.keys(request.headers).find((header) => header.toLowerCase() === name.toLowerCase());
        if (existing !== undefined && existsAction === 'skip') continue;
        if (existing !== undefined && existsAction === 'append') {
          request.headers[existing] = `${request.headers[existing]},${value}`;
          continue;
        }
        if (existing !== undefined) delete request.headers[existing];
        request.headers[name] = value;
        break;
      }
      case 'setqueryparameter': {
        const name = parameter('name');
        if (!name) continue;
        const value = expandConnectionParameters(parameter('value') ?? '', values);
        const exists = request.url.searchParams.has(name);
        if (exists && existsAction === 'skip') continue;
        if (exists && existsAction === 'append') request.url.searchParams.append(name, value);
        else request.url.searchParams.set(name, value);
        break;
      }
      case 'dynamichosturl': {
        const template = parameter('urlTemplate');
        if (template === undefined) continue;
        request.url = withBaseUrl(request.url, expandConnectionParameters(template, values), label);
        break;
      }
      default:
        skipped.push(label);
    }
  }
  return skipped;
}

/** The operation's path and query below a new base URL (the part dynamichosturl replaces). */
function withBaseUrl(current: URL, base: string, label: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = /^https?:\/\//i.test(base) ? new URL(base) : new URL(`https://${base}`);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.hostname === '') {
    throw new UserError(`The policy "${label}" makes the host "${base}", which is not a URL.`, {
      hint: 'Check the connection value it is built from.',
      exitCode: EXIT_STATUS.usage,
    });
  }
  return new URL(`${parsed.origin}${parsed.pathname.replace(/\/$/, '')}${current.pathname}${current.search}`);
}
