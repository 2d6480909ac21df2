/**
 * The Test panel's runs, like the custom connector wizard's Test tab: a card's values run through
 * the same runtime and script.csx as `invoke`, signed in to the embedded emulator, the connection
 * given at start or the values typed in the connection dialog. The answer shows the request (as the
 * script sent it when the recorder saw it), the status, headers, body and schema warnings, with
 * every secret hidden.
 */
import { clientCredentialsSetting, parameterSets } from '../connector-folder/connections.ts';
import { isObject, type JsonObject } from '../shared/json.ts';
import { UserError } from '../shared/errors.ts';
import { connectionInput, type ResolvedConnection } from '../runtime/connection.ts';
import type { ConnectionInput } from '../runtime/policies.ts';
import { buildPlatformRequest, InputError, type OperationInputs } from '../runtime/request.ts';
import type { ConnectorRuntime, InvokeResult } from '../runtime/runtime.ts';
import { emulatorSecrets, throughRecorder, type EmbeddedEmulator } from './embedded-emulator.ts';
import type { LoadedFolder } from './live-folder.ts';
import type { RecordedRequest, Recorder } from './recorder.ts';
import { redactHeader, redactJson, redactText } from './redact-request.ts';
import { describeWarning } from './warnings.ts';

/** The sign-ins the Test panel offers, by id. */
type SignInId = 'emulator-connection-string' | 'emulator-entra' | 'given' | 'dialog';

export interface SignInChoice {
  id: SignInId;
  label: string;
}

/** A Test run as the page asks for it; fields of the wrong type count as not given. */
export interface TestRequest {
  /** One of the sign-ins the preview offers ('' when none is named). */
  signIn: string;
  operationId: string;
  parameters: Record<string, string>;
  /** JSON text of the body. */
  body?: string;
  /** The values typed in the connection dialog, used by the 'dialog' sign-in. */
  dialogConnection: ConnectionInput;
}

/** What a Test run needs besides the request: the folder, the connection given at start, the emulator. */
export interface TestContext {
  loaded: LoadedFolder;
  given: ResolvedConnection | undefined;
  emulator: EmbeddedEmulator;
}

interface ShownRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string | null;
}

/** The panel's answer: one line saying why nothing ran, or what ran and what came back. */
export type TestAnswer =
  | { error: string }
  | {
      status: number;
      headers: Record<string, string>;
      body: unknown;
      warnings: string[];
      requests: ShownRequest[];
      requestSource: string;
      durationMs: number;
    };

type Refusal = { error: string };

export function testRequestOf(request: JsonObject): TestRequest {
  const dialog = isObject(request.connection) ? request.connection : {};
  return {
    signIn: typeof request.signIn === 'string' ? request.signIn : '',
    operationId: typeof request.operationId === 'string' ? request.operationId : '',
    parameters: isStringRecord(request.parameters) ? request.parameters : {},
    body: typeof request.body === 'string' ? request.body : undefined,
    dialogConnection: {
      parameterSet: typeof dialog.parameterSet === 'string' ? dialog.parameterSet : undefined,
      values: isStringRecord(dialog.values) ? dialog.values : {},
    },
  };
}

/** The sign-ins this folder's Test panel offers, in the order the drop-down lists them. */
export function signInChoices(loaded: LoadedFolder, given: ResolvedConnection | undefined): SignInChoice[] {
  const choices: SignInChoice[] = [];
  const kinds = new Set(loaded.model.connection.sets.map((set) => set.signIn));
  if (offersEmulator(loaded.properties)) {
    if (kinds.has('connection-string'))
      choices.push({ id: 'emulator-connection-string', label: 'Embedded ACS emulator: connection string' });
    if (kinds.has('entra'))
      choices.push({ id: 'emulator-entra', label: 'Embedded ACS emulator: Microsoft Entra ID application' });
  }
  if (given && given.source !== 'emulator')
    choices.push({
      id: 'given',
      label: `The ${given.kind === 'entra' ? 'Entra application' : 'connection string'} given at start (${given.endpoint})`,
    });
  choices.push({ id: 'dialog', label: 'The values typed in the connection dialog' });
  return choices;
}

/**
 * The embedded emulator is an ACS Identity service: offered for a connector whose Entra sign-in is
 * for Communication Services, or whose one-secret sign-in is a connection string.
 */
function offersEmulator(properties: unknown): boolean {
  if (!properties) return false;
  return parameterSets(properties).some((set) => {
    const oauth = clientCredentialsSetting(set);
    if (oauth) return (oauth.resourceUri ?? '').startsWith('https://communication.azure.com');
    return (
      set.parameters.length === 1 &&
      set.parameters[0]!.type === 'securestring' &&
      /connection ?string/i.test(`${set.parameters[0]!.name} ${set.parameters[0]!.displayName ?? ''}`)
    );
  });
}

export async function runTest(request: TestRequest, context: TestContext): Promise<TestAnswer> {
  const { signIn, operationId } = request;
  if (!signInChoices(context.loaded, context.given).some((choice) => choice.id === signIn)) {
    return { error: `"${signIn}" is not a sign-in this preview offers.` };
  }
  const runtime = await runtimeOf(context.loaded);
  if ('error' in runtime) return runtime;
  if (!runtime.definition.operations.some((operation) => operation.operationId === operationId)) {
    return { error: `The connector has no action "${operationId}".` };
  }
  const signedIn = await connectionFor(request, runtime, context);
  if ('error' in signedIn) return signedIn;
  const secrets = [
    ...secretValues(runtime.definition.apiProperties, signedIn.connection),
    ...emulatorSecrets(context.emulator.running?.emulator),
  ];
  const inputs = { parameters: request.parameters, body: request.body, connection: signedIn.connection };
  const { outcome, recorded } = await runAction(runtime, operationId, inputs, signedIn.recorder);
  if ('error' in outcome) return { error: redactText(outcome.error, secrets) };
  // Without the recorder (a real resource, or the connection dialog's values), the request is shown as the platform hands it to the script.
  const requests = recorded ? recorded.map(asShown) : platformRequests(runtime, operationId, inputs);
  return {
    status: outcome.status,
    headers: Object.fromEntries(
      Object.entries(outcome.headers).map(([name, value]) => [name, redactHeader(name, value, secrets)]),
    ),
    body: redactJson(outcome.body, secrets),
    warnings: outcome.warnings.map((warning) => describeWarning(redactText(warning, secrets))),
    requests: requests.map((sent) => shownRequest(sent, secrets)),
    requestSource: recorded ? 'sent by script.csx' : 'built by the platform, before script.csx',
    durationMs: outcome.durationMs,
  };
}

async function runtimeOf(loaded: LoadedFolder): Promise<ConnectorRuntime | Refusal> {
  try {
    return await loaded.runtime();
  } catch (error) {
    if (error instanceof UserError) return { error: `${error.message}${error.hint ? ` ${error.hint}` : ''}` };
    throw error;
  }
}

/** The connection of the chosen sign-in, and the recorder its requests pass through (the embedded emulator's). */
async function connectionFor(
  request: TestRequest,
  runtime: ConnectorRuntime,
  context: TestContext,
): Promise<{ connection: ConnectionInput; recorder?: Recorder } | Refusal> {
  const { signIn } = request;
  try {
    if (signIn === 'emulator-connection-string' || signIn === 'emulator-entra') {
      const started = await context.emulator.start();
      return {
        connection: connectionInput(runtime.definition, throughRecorder(started, signIn)),
        recorder: started.recorder,
      };
    }
    if (signIn === 'given') return { connection: connectionInput(runtime.definition, context.given!) };
    return { connection: request.dialogConnection };
  } catch (error) {
    if (error instanceof UserError) return { error: error.message };
    throw error;
  }
}

/** Runs the action (through the recorder when there is one); a script that cannot start or a refused sign-in is one line for the panel. */
async function runAction(
  runtime: ConnectorRuntime,
  operationId: string,
  inputs: OperationInputs,
  recorder: Recorder | undefined,
): Promise<{ outcome: InvokeResult | Refusal; recorded?: RecordedRequest[] }> {
  const run = () =>
    runtime.invoke(operationId, inputs).catch((error: unknown): Refusal => ({
      error: error instanceof UserError && error.hint ? `${error.message} ${error.hint}` : errorText(error),
    }));
  if (!recorder) return { outcome: await run() };
  const { result, requests } = await recorder.record(run);
  return { outcome: result, recorded: requests };
}

/** The request as the platform hands it to the script; none when the inputs do not make one. */
function platformRequests(runtime: ConnectorRuntime, operationId: string, inputs: OperationInputs): ShownRequest[] {
  try {
    const built = buildPlatformRequest(runtime.definition, operationId, inputs);
    return [{ method: built.method, url: built.url, headers: Object.entries(built.headers), body: built.body }];
  } catch (error) {
    if (error instanceof InputError || error instanceof UserError) return [];
    throw error;
  }
}

/** The recorder keeps a request without a body as ''; the panel shows it as none. */
function asShown(sent: RecordedRequest): ShownRequest {
  return { ...sent, body: sent.body === '' ? null : sent.body };
}

function shownRequest(request: ShownRequest, secrets: string[]): ShownRequest {
  return {
    method: request.method,
    url: redactText(request.url, secrets),
    headers: request.headers.map(([name, value]) => [name, redactHeader(name, value, secrets)]),
    body: request.body === null ? null : redactText(request.body, secrets),
  };
}

/** The connection's secret values (its securestring parameters), to be hidden wherever they appear. */
function secretValues(apiProperties: unknown, connection: ConnectionInput): string[] {
  const sets = parameterSets(apiProperties);
  const set =
    sets.find((candidate) => candidate.name === connection.parameterSet) ?? (sets.length === 1 ? sets[0] : undefined);
  const secretNames = new Set(
    (set ? set.parameters : sets.flatMap((candidate) => candidate.parameters))
      .filter((parameter) => parameter.type.toLowerCase() === 'securestring')
      .map((parameter) => parameter.name),
  );
  return Object.entries(connection.values)
    .filter(([name]) => secretNames.has(name))
    .map(([, value]) => value);
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isObject(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
