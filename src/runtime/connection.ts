import { clientCredentialsSetting, parameterSets } from '../connector-folder/index.ts';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { describeProblem, readRegularFile } from '../shared/read-file.ts';
import { readSecretOption } from '../shared/secret-option.ts';
import type { ConnectorDefinition } from './definition.ts';
import { connectionStringSet, type ConnectionInput } from './policies.ts';

export const CONNECTION_STRING_VARIABLE = 'COMMUNICATION_CONNECTION_STRING';

/** The Entra application's values, and where each is read from besides its flag: the Azure SDKs' variables. */
export const ENTRA_VALUES = {
  endpoint: { flag: '--endpoint', variable: 'COMMUNICATION_ENDPOINT', label: 'the resource endpoint' },
  tenantId: { flag: '--tenant-id', variable: 'AZURE_TENANT_ID', label: 'the tenant ID' },
  clientId: { flag: '--client-id', variable: 'AZURE_CLIENT_ID', label: 'the client ID' },
  clientSecret: { flag: '--client-secret', variable: 'AZURE_CLIENT_SECRET', label: 'the client secret' },
} as const;
type EntraKey = keyof typeof ENTRA_VALUES;
export type EntraApplicationValues = Record<EntraKey, string>;

export type SignInKind = 'connection-string' | 'entra';

export interface ConnectionOptions {
  connectionString?: string;
  endpoint?: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** A JSON file: {"connectionString"} or {"endpoint","tenantId","clientId","clientSecret"}. */
  connectionFile?: string;
  /** Which sign-in kind to use when the values do not decide it (an embedded emulator offers both). */
  signIn?: SignInKind;
}

export type ResolvedConnection = (
  { kind: 'connection-string'; connectionString: string } | { kind: 'entra'; entra: EntraApplicationValues }
) & {
  /** Where the values came from, for messages (never the values themselves). */
  source: 'option' | 'file' | 'environment' | 'emulator';
  /** The resource's endpoint, for messages. */
  endpoint: string;
  /** Where Entra tokens come from when not the usual authority (an embedded emulator is its own). */
  authorityHost?: string;
  close(): Promise<void>;
};

const nothingToClose = async () => {};

/** The connection flags as given on the command line, their secrets read from @file or standard input. */
export async function readConnectionFlags(flags: ConnectionOptions): Promise<ConnectionOptions> {
  const connectionString =
    flags.connectionString === undefined
      ? undefined
      : await readSecretOption('--connection-string', flags.connectionString, CONNECTION_STRING_VARIABLE);
  const clientSecret =
    flags.clientSecret === undefined
      ? undefined
      : await readSecretOption(ENTRA_VALUES.clientSecret.flag, flags.clientSecret, ENTRA_VALUES.clientSecret.variable);
  const { endpoint, tenantId, clientId, connectionFile, signIn } = flags;
  return { connectionString, endpoint, tenantId, clientId, clientSecret, connectionFile, signIn };
}

/**
 * The connection for a run, in this order: flags (a connection string, or Entra application
 * values), a connection file, COMMUNICATION_CONNECTION_STRING, the Azure SDKs' AZURE_TENANT_ID /
 * AZURE_CLIENT_ID / AZURE_CLIENT_SECRET with COMMUNICATION_ENDPOINT; undefined when none is given
 * (the caller chooses what runs then: src/orchestration starts an embedded emulator).
 * An Entra sign-in with a value missing is a usage error that names it: nothing is sent.
 */
export async function resolveConnection(
  options: ConnectionOptions = {},
  environment: NodeJS.ProcessEnv = process.env,
): Promise<ResolvedConnection | undefined> {
  const entraFlags = pick({ ...options });
  if (options.connectionString !== undefined) {
    if (Object.keys(entraFlags).length > 0) throw bothKinds('flags');
    return {
      kind: 'connection-string',
      connectionString: options.connectionString,
      source: 'option',
      endpoint: endpointOf(options.connectionString),
      close: nothingToClose,
    };
  }
  const file = options.connectionFile === undefined ? undefined : await readConnectionFile(options.connectionFile);
  if (file?.connectionString !== undefined) {
    if (Object.keys(entraFlags).length > 0) throw bothKinds(`flags and ${options.connectionFile}`);
    return {
      kind: 'connection-string',
      connectionString: file.connectionString,
      source: 'file',
      endpoint: endpointOf(file.connectionString),
      close: nothingToClose,
    };
  }
  const fromEnvironment = pick(
    Object.fromEntries(
      Object.entries(ENTRA_VALUES).map(([key, { variable }]) => [key, environment[variable] || undefined]),
    ),
  );
  if (Object.keys(entraFlags).length > 0 || (file && Object.keys(file.entra).length > 0)) {
    return entraConnection(
      { ...fromEnvironment, ...file?.entra, ...entraFlags },
      Object.keys(entraFlags).length > 0 ? 'option' : 'file',
    );
  }
  const connectionString = environment[CONNECTION_STRING_VARIABLE];
  if (options.signIn !== 'entra' && connectionString !== undefined && connectionString !== '') {
    return {
      kind: 'connection-string',
      connectionString,
      source: 'environment',
      endpoint: endpointOf(connectionString),
      close: nothingToClose,
    };
  }
  // The Azure SDKs' variables name the application; COMMUNICATION_ENDPOINT alone does not.
  if (
    options.signIn !== 'connection-string' &&
    (fromEnvironment.tenantId ?? fromEnvironment.clientId ?? fromEnvironment.clientSecret) !== undefined
  ) {
    return entraConnection(fromEnvironment, 'environment');
  }
  return undefined;
}

/** The connector's values for a resolved connection: the set that takes a connection string alone, or the client-credentials set. */
export function connectionInput(definition: ConnectorDefinition, resolved: ResolvedConnection): ConnectionInput {
  if (resolved.kind === 'connection-string') {
    const set = connectionStringSet(definition.apiProperties);
    if (!set)
      throw new UserError('This connector has no sign-in with a connection string.', {
        hint: 'Sign in with a Microsoft Entra ID application instead.',
        exitCode: EXIT_STATUS.usage,
      });
    return {
      parameterSet: set.name,
      values: { [set.parameters[0]!.name]: resolved.connectionString },
      authorityHost: resolved.authorityHost,
    };
  }
  for (const set of parameterSets(definition.apiProperties)) {
    const oauth = clientCredentialsSetting(set);
    if (!oauth) continue;
    const own = [oauth.parameter, oauth.tenantParameter, oauth.clientIdParameter, oauth.clientSecretParameter];
    // The set's one other parameter is the resource endpoint.
    const others = set.parameters.filter((parameter) => !own.includes(parameter.name));
    const values: Record<string, string> = {
      [oauth.tenantParameter]: resolved.entra.tenantId,
      [oauth.clientIdParameter]: resolved.entra.clientId,
      [oauth.clientSecretParameter]: resolved.entra.clientSecret,
    };
    if (others.length === 1) values[others[0]!.name] = resolved.entra.endpoint;
    return { parameterSet: set.name, values, authorityHost: resolved.authorityHost };
  }
  throw new UserError('This connector has no sign-in with a Microsoft Entra ID application.', {
    hint: 'Give a connection string instead.',
    exitCode: EXIT_STATUS.usage,
  });
}

function entraConnection(
  values: Partial<EntraApplicationValues>,
  source: 'option' | 'file' | 'environment',
): ResolvedConnection {
  const missing = (Object.keys(ENTRA_VALUES) as EntraKey[]).filter(
    (key) => values[key] === undefined || values[key].trim() === '',
  );
  if (missing.length > 0) {
    throw new UserError(
      `The Microsoft Entra ID sign-in needs ${missing.map((key) => ENTRA_VALUES[key].label).join(', ')}; nothing was sent.`,
      {
        hint:
          missing.map((key) => `give ${ENTRA_VALUES[key].flag} or set ${ENTRA_VALUES[key].variable}`).join('; ') +
          ' (or put it in --connection-file).',
        exitCode: EXIT_STATUS.usage,
      },
    );
  }
  const entra = values as EntraApplicationValues;
  return { kind: 'entra', entra, source, endpoint: entra.endpoint, close: nothingToClose };
}

function pick(values: { [key: string]: unknown }): Partial<EntraApplicationValues> {
  const picked: Partial<EntraApplicationValues> = {};
  for (const key of Object.keys(ENTRA_VALUES) as EntraKey[]) {
    const value = values[key];
    if (typeof value === 'string') picked[key] = value;
  }
  return picked;
}

function bothKinds(where: string): UserError {
  return new UserError(`Both a connection string and Microsoft Entra ID application values were given (${where}).`, {
    hint: 'Give one sign-in kind: --connection-string, or --endpoint, --tenant-id, --client-id and --client-secret.',
    exitCode: EXIT_STATUS.usage,
  });
}

const FILE_LIMIT = 64 * 1024;
const FILE_KEYS = ['connectionString', ...Object.keys(ENTRA_VALUES)];

async function readConnectionFile(
  path: string,
): Promise<{ connectionString?: string; entra: Partial<EntraApplicationValues> }> {
  const read = readRegularFile(path, FILE_LIMIT);
  const usage = (problem: string) =>
    new UserError(`--connection-file ${path} ${problem}.`, {
      hint: 'Give a JSON file such as {"connectionString": "endpoint=…;accesskey=…"} or {"endpoint": "https://…", "tenantId": "…", "clientId": "…", "clientSecret": "…"}.',
      exitCode: EXIT_STATUS.usage,
    });
  if (!read.ok) throw usage(describeProblem(read.problem));
  let value: unknown;
  try {
    value = JSON.parse(read.bytes.toString('utf8'));
  } catch {
    // The parser's message may quote the file's text, which holds secrets.
    throw usage('is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw usage('does not hold a JSON object');
  const fields = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(fields)) {
    if (!FILE_KEYS.includes(key)) throw usage(`has "${key}", which is not one of ${FILE_KEYS.join(', ')}`);
    if (typeof field !== 'string') throw usage(`has a "${key}" that is not a string`);
  }
  const entra = pick(fields);
  if (typeof fields.connectionString === 'string' && Object.keys(entra).length > 0) throw bothKinds(path);
  return { connectionString: fields.connectionString as string | undefined, entra };
}

function endpointOf(connectionString: string): string {
  return /endpoint\s*=\s*([^;]+)/i.exec(connectionString)?.[1]?.trim() ?? 'an endpoint that could not be read';
}
