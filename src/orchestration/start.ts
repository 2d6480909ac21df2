import { TEAMS_USER_TOKEN_PATH } from '../emulator/emulator-endpoints.ts';
import { UserError } from '../shared/errors.ts';
import { redactSecrets, shortenToken } from '../shared/redact.ts';
import { CONNECTION_STRING_VARIABLE, connectionInput, type ConnectionOptions } from '../runtime/connection.ts';
import { connectOrEmulate, emulatorConnection, type LocalConnection } from './embedded-emulator.ts';
import { requireConnectorFolder } from '../connector-folder/index.ts';
import {
  connectorModel,
  DEMO_SIGN_INS,
  demoPlaceholders,
  type DemoStep,
  type OperationModel,
} from '../connector/index.ts';
import { ConnectorRuntime, type InvokeResult } from '../runtime/runtime.ts';

interface StepRow {
  signIn: string;
  operationId: string;
  status: number | string;
  ms: string;
  outputs: string;
}

/** `npm start`: the whole product, from package to signed calls, on the embedded default. */
export async function runStart(options: { dir: string } & ConnectionOptions): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);

  requireConnectorFolder(options.dir);
  const { writePackage } = await import('../package/generate.ts');
  const written = await writePackage(options.dir);
  say(written.length === 0 ? '✓ Package up to date' : `✓ Package built: wrote ${written.join(', ')}`);

  const { validateConnectorFolder } = await import('../validate/index.ts');
  const findings = await validateConnectorFolder(options.dir, { compileScript: true });
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length > 0) {
    for (const f of errors) say(`  ${f.ruleId} ${f.file} ${f.location}: ${f.message}`);
    throw new UserError(`Validation found ${errors.length} error(s) in the connector package; nothing was run.`, {
      hint: 'Run `npx acs-connector validate` for the details and fixes.',
    });
  }
  say(
    `✓ Package valid${findings.length > 0 ? ` (${findings.length} warning(s); see \`npx acs-connector validate\`)` : ''}, script.csx compiles`,
  );

  const connection = await connectOrEmulate(options);
  say(describeConnection(connection));
  // On the embedded emulator, both sign-in kinds run, one after the other (unless --sign-in names one).
  const connections =
    connection.emulator && options.signIn === undefined
      ? [connection, emulatorConnection(connection.emulator, 'entra')]
      : [connection];

  let runtime: ConnectorRuntime | undefined;
  const rows: StepRow[] = [];
  let failure: string | undefined;
  let cleanupNote: string | undefined;
  try {
    runtime = await ConnectorRuntime.load({ dir: options.dir });
    const hostStarted = performance.now();
    await runtime.warmUp();
    say(`✓ script.csx running in the .NET script host (started in ${Math.round(performance.now() - hostStarted)} ms)`);
    for (const current of connections) {
      const outcome = await runSteps(runtime, current, rows);
      failure = outcome.failure;
      cleanupNote = outcome.cleanupNote;
      if (failure) break;
    }
  } finally {
    await runtime?.close();
    await connection.close();
  }

  say('');
  say(formatTable(rows));
  say('');
  if (failure) {
    if (cleanupNote) say(cleanupNote);
    process.stderr.write(`error: ${redactSecrets(failure)}\n`);
    return 1;
  }
  const skipped = new Set(rows.filter((row) => row.status === 'skipped').map((row) => row.operationId));
  const total = connectorModel.operations.length;
  say(
    skipped.size === 0
      ? `All ${inWords(total)} actions succeeded through script.csx${connections.length > 1 ? ' with both sign-in kinds' : ''}.`
      : `${inWords(total - skipped.size, true)} of the ${inWords(total)} actions succeeded through script.csx; the table says what the other ${inWords(skipped.size)} need.`,
  );
  return 0;
}

const NUMBER_WORDS = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
];

function inWords(count: number, capital = false): string {
  const word = NUMBER_WORDS[count] ?? String(count);
  return capital ? word[0]!.toUpperCase() + word.slice(1) : word;
}

function describeConnection(connection: LocalConnection): string {
  if (connection.emulator)
    return `✓ Embedded ACS emulator started (${connection.endpoint}), with a Microsoft Entra ID stand-in for the Entra sign-in`;
  const sources: Record<LocalConnection['source'], string> = {
    option: 'the flags',
    file: 'the connection file',
    environment: connection.kind === 'entra' ? 'the AZURE_* variables' : `$${CONNECTION_STRING_VARIABLE}`,
    emulator: 'the embedded emulator',
  };
  const from = sources[connection.source];
  if (connection.kind === 'entra') {
    return `✓ Using the ACS resource at ${connection.endpoint} as Microsoft Entra ID application ${connection.entra.clientId} (tenant ${connection.entra.tenantId}, from ${from})`;
  }
  return `✓ Using the ACS resource at ${connection.endpoint} (${from})`;
}

function signInLabel(connection: LocalConnection): string {
  return connection.kind === 'entra' ? 'Entra ID app' : 'Connection string';
}

/** The model's actions in the order `npm start` runs them: each in its place, cleanups last (undoing in reverse). */
function scenario(): OperationModel[] {
  const operations = connectorModel.operations;
  return [...operations.filter((op) => !op.demo.cleanup), ...operations.filter((op) => op.demo.cleanup).reverse()];
}

/** Runs every action with one connection; what a step created is deleted again when a later one fails. */
async function runSteps(
  runtime: ConnectorRuntime,
  connection: LocalConnection,
  rows: StepRow[],
): Promise<{ failure?: string; cleanupNote?: string }> {
  const run: StepRun = {
    runtime,
    connection,
    rows,
    input: connectionInput(runtime.definition, connection),
    signIn: signInLabel(connection),
    values: new Map(),
    done: new Set(),
  };
  try {
    for (const op of scenario()) await runStep(run, op);
    return {};
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    const notes = await cleanUp(run);
    return { failure: error.message, ...(notes.length > 0 ? { cleanupNote: notes.join('\n') } : {}) };
  }
}

interface StepRun {
  runtime: ConnectorRuntime;
  connection: LocalConnection;
  rows: StepRow[];
  input: ReturnType<typeof connectionInput>;
  signIn: string;
  /** Placeholder values: outputs kept by earlier steps and what sign-ins gave. */
  values: Map<string, string>;
  done: Set<string>;
}

async function runStep(run: StepRun, op: OperationModel): Promise<void> {
  const { demo, operationId } = op;
  if (demo.signIn !== undefined && !run.values.has(`${demo.signIn}.token`)) {
    if (!run.connection.emulator) {
      run.rows.push({ signIn: run.signIn, operationId, status: 'skipped', ms: '', outputs: skipHint(op) });
      return;
    }
    await signIn(run, demo.signIn, run.connection.emulator.endpoint);
  }
  const result = await call(run, op);
  if (demo.label !== undefined) {
    const row = run.rows[run.rows.length - 1]!;
    row.outputs = `${fill(demo.label, run.values)}, ${row.outputs}`;
  }
  for (const [name, path] of Object.entries(demo.keep ?? {})) {
    const value = path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], result.body);
    if (typeof value !== 'string' || value === '')
      throw new StepFailed(operationId, result, `the answer carries no ${path}`);
    run.values.set(name, value);
  }
}

/** One action with the demo's inputs; a row in the table, and a failure when the service refuses it. */
async function call(run: StepRun, op: OperationModel): Promise<InvokeResult> {
  const parameters = Object.fromEntries(
    Object.entries(op.demo.parameters ?? {}).map(([name, value]) => [name, fill(value, run.values)]),
  );
  const body = op.demo.body === undefined ? undefined : JSON.stringify(fillJson(op.demo.body, run.values));
  const result = await run.runtime.invoke(op.operationId, { parameters, body, connection: run.input });
  run.done.add(op.operationId);
  run.rows.push({
    signIn: run.signIn,
    operationId: op.operationId,
    status: result.status,
    ms: result.durationMs.toFixed(1),
    outputs: describeOutputs(result),
  });
  if (result.status >= 400) throw new StepFailed(op.operationId, result);
  return result;
}

/** After a failure: the cleanups whose inputs an earlier step made, so that a real resource keeps nothing of this run. */
async function cleanUp(run: StepRun): Promise<string[]> {
  const notes: string[] = [];
  for (const op of scenario()) {
    const cleanup = op.demo.cleanup;
    if (!cleanup || run.done.has(op.operationId) || !demoPlaceholders(op.demo).every((name) => run.values.has(name)))
      continue;
    const parameters = Object.fromEntries(
      Object.entries(op.demo.parameters ?? {}).map(([name, value]) => [name, fill(value, run.values)]),
    );
    const answer = await run.runtime
      .invoke(op.operationId, { parameters, connection: run.input })
      .catch(() => undefined);
    const what = `The ${cleanup.what} this run created (${fill(cleanup.id, run.values)})`;
    const params = Object.entries(parameters).map(([name, value]) => ` --param ${name}=${value}`);
    notes.push(
      answer !== undefined && answer.status < 300
        ? `${what} was deleted again.`
        : `${what} could not be deleted; delete it with: npx acs-connector invoke ${op.operationId}${params.join('')}`,
    );
  }
  return notes;
}

/** How to run a step this connection cannot: the sign-in it needs, and the command that runs it. */
function skipHint(op: OperationModel): string {
  const needs = DEMO_SIGN_INS[op.demo.signIn!];
  const params = Object.keys(op.demo.parameters ?? {}).map((name) => ` --param ${name}=…`);
  // A body made of the sign-in's values is the file the emulator's sign-in answers; any other is shown.
  const leaves = (value: unknown): unknown[] =>
    typeof value === 'object' && value !== null ? Object.values(value).flatMap(leaves) : [value];
  const fromSignIn = leaves(op.demo.body).every(
    (leaf) => typeof leaf === 'string' && new RegExp(`^\\{${op.demo.signIn}\\.\\w+\\}$`).test(leaf),
  );
  const shown = JSON.stringify(op.demo.body)?.replace(/\{[A-Za-z][\w.]*\}/g, '…');
  const body = op.demo.body === undefined ? '' : fromSignIn ? ` --body @${needs.file}` : ` --body '${shown}'`;
  return `needs ${needs.needs}: npx acs-connector invoke ${op.operationId}${params.join('')}${body}`;
}

/** Signs a user in with the emulator's Entra ID stand-in; its answer's fields become `kind.field` placeholders. */
async function signIn(run: StepRun, kind: NonNullable<DemoStep['signIn']>, endpoint: string): Promise<void> {
  const response = await fetch(new URL(TEAMS_USER_TOKEN_PATH, endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes: DEMO_SIGN_INS[kind].permissions }),
  });
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok || typeof body?.token !== 'string') {
    throw new Error(`The embedded emulator did not sign a Teams user in (HTTP ${response.status}).`);
  }
  for (const [field, value] of Object.entries(body)) {
    if (typeof value === 'string') run.values.set(`${kind}.${field}`, value);
  }
}

/** A demo text with its placeholders replaced; a placeholder nothing gave is a fault of the model. */
function fill(text: string, values: Map<string, string>): string {
  return text.replace(/\{([A-Za-z][\w.]*)\}/g, (_, name: string) => {
    const value = values.get(name);
    if (value === undefined)
      throw new Error(`The demo of the connector model uses {${name}}, which no earlier step gave.`);
    return value;
  });
}

function fillJson(value: unknown, values: Map<string, string>): unknown {
  if (typeof value === 'string') return fill(value, values);
  if (Array.isArray(value)) return value.map((item) => fillJson(item, values));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillJson(item, values)]));
  return value;
}

class StepFailed extends Error {
  constructor(operationId: string, result: InvokeResult, reason?: string) {
    const error = (result.body as { error?: { code?: string; message?: string } } | null)?.error;
    const why = reason ?? (error ? `${error.code}: ${error.message}` : `HTTP ${result.status}`);
    super(`${operationId} failed with HTTP ${result.status}: ${why}`);
  }
}

function describeOutputs(result: InvokeResult): string {
  const body = result.body as Record<string, unknown> | null;
  if (result.status >= 400) {
    const error = (body as { error?: { code?: string } } | null)?.error;
    return error?.code ?? '';
  }
  if (!body || typeof body !== 'object') return '—';
  const parts: string[] = [];
  const identity = body.identity as { id?: string } | undefined;
  if (identity?.id) parts.push(`user ${identity.id}`);
  if (typeof body.principalType === 'string') parts.push(`${body.principalType} ${String(body.objectId)}`);
  if (typeof body.created === 'boolean') parts.push(body.created ? 'created' : 'replaced');
  const token = (body.accessToken ?? body) as { token?: string; expiresOn?: string };
  if (token.token) parts.push(`token ${shortenToken(token.token)}`);
  if (token.expiresOn) parts.push(`expires ${token.expiresOn}`);
  return parts.join(', ');
}

function formatTable(rows: StepRow[]): string {
  const header: StepRow = {
    signIn: 'Sign-in',
    operationId: 'Operation',
    status: 'Status',
    ms: 'ms',
    outputs: 'Outputs',
  };
  const all = [header, ...rows];
  const width = (key: keyof StepRow) => Math.max(...all.map((row) => String(row[key]).length));
  const [w0, w1, w2, w3] = [width('signIn'), width('operationId'), width('status'), width('ms')];
  return all
    .map((row) =>
      [
        row.signIn.padEnd(w0),
        String(row.operationId).padEnd(w1),
        String(row.status).padEnd(w2),
        String(row.ms).padStart(w3),
        row.outputs,
      ].join('  '),
    )
    .join('\n');
}
