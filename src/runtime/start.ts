import { TEAMS_USER_TOKEN_PATH } from '../emulator/emulator-endpoints.ts';
import { UserError } from '../shared/errors.ts';
import { redactSecrets, shortenToken } from '../shared/redact.ts';
import {
  CONNECTION_STRING_VARIABLE,
  connectionInput,
  emulatorConnection,
  readConnectionFlags,
  resolveConnection,
  type ConnectionOptions,
  type ResolvedConnection,
} from './connection.ts';
import { requireConnectorFolder } from '../connector-folder/index.ts';
import { ConnectorRuntime, type InvokeResult } from './runtime.ts';

interface StepRow {
  signIn: string;
  operationId: string;
  status: number | string;
  ms: string;
  outputs: string;
}

const TOKEN_MINUTES = 60;

/** `npm start`: the whole product, from package to signed calls, on the embedded default. */
export async function runStart(options: { dir: string } & ConnectionOptions): Promise<number> {
  const say = (line: string) => process.stdout.write(`${line}\n`);

  await requireConnectorFolder(options.dir);
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

  const connection = await resolveConnection(await readConnectionFlags(options));
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
  say(
    connection.emulator
      ? `All five actions succeeded through script.csx${connections.length > 1 ? ' with both sign-in kinds' : ''}.`
      : "All four user actions succeeded through script.csx; the Teams exchange was skipped (it needs a Teams user's token).",
  );
  return 0;
}

function describeConnection(connection: ResolvedConnection): string {
  if (connection.emulator)
    return `✓ Embedded ACS emulator started (${connection.endpoint}), with a Microsoft Entra ID stand-in for the Entra sign-in`;
  const sources: Record<ResolvedConnection['source'], string> = {
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

function signInLabel(connection: ResolvedConnection): string {
  return connection.kind === 'entra' ? 'Entra ID app' : 'Connection string';
}

/** The actions with one connection (the Teams exchange only where a Teams user can be signed in); a user created before a failing step is deleted again. */
async function runSteps(
  runtime: ConnectorRuntime,
  connection: ResolvedConnection,
  rows: StepRow[],
): Promise<{ failure?: string; cleanupNote?: string }> {
  const input = connectionInput(runtime.definition, connection);
  const signIn = signInLabel(connection);
  let userId: string | undefined;
  try {
    const call = async (operationId: string, parameters: Record<string, string>, body?: unknown) => {
      const result = await runtime.invoke(operationId, {
        parameters,
        body: body === undefined ? undefined : JSON.stringify(body),
        connection: input,
      });
      rows.push({
        signIn,
        operationId,
        status: result.status,
        ms: result.durationMs.toFixed(1),
        outputs: describeOutputs(result),
      });
      if (result.status >= 400) throw new StepFailed(operationId, result);
      return result;
    };

    const created = await call(
      'CreateCommunicationIdentity',
      {},
      {
        createTokenWithScopes: ['chat', 'voip'],
        expiresInMinutes: TOKEN_MINUTES,
      },
    );
    userId = (created.body as { identity?: { id?: string } } | null)?.identity?.id;
    if (!userId) throw new StepFailed('CreateCommunicationIdentity', created, 'the answer carries no identity.id');
    await call(
      'IssueIdentityAccessToken',
      { identityId: userId },
      { scopes: ['chat'], expiresInMinutes: TOKEN_MINUTES },
    );
    await call('RevokeIdentityAccessTokens', { identityId: userId });
    await call('DeleteCommunicationIdentity', { identityId: userId });
    userId = undefined;

    if (connection.emulator) {
      // The embedded emulator's Entra ID stand-in signs a Teams user in; a real resource needs a real one.
      const teamsUser = await signInTeamsUser(connection.emulator.endpoint);
      await call('ExchangeTeamsUserAccessToken', {}, teamsUser);
      rows[rows.length - 1]!.outputs = `Teams user 8:orgid:${teamsUser.userId}, ${rows[rows.length - 1]!.outputs}`;
    } else {
      rows.push({
        signIn,
        operationId: 'ExchangeTeamsUserAccessToken',
        status: 'skipped',
        ms: '',
        outputs: TEAMS_SKIPPED,
      });
    }
    return {};
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    // Leave nothing behind on a real resource when a step after create failed.
    let cleanupNote: string | undefined;
    if (userId !== undefined) {
      const cleanup = await runtime
        .invoke('DeleteCommunicationIdentity', { parameters: { identityId: userId }, connection: input })
        .catch(() => undefined);
      cleanupNote =
        cleanup?.status === 204
          ? `The user this run created (${userId}) was deleted again.`
          : `The user this run created (${userId}) could not be deleted; delete it with: npx acs-connector invoke DeleteCommunicationIdentity --param identityId=${userId}`;
    }
    return { failure: error.message, cleanupNote };
  }
}

const TEAMS_SKIPPED =
  "needs a Teams user's Microsoft Entra token: npx acs-connector invoke ExchangeTeamsUserAccessToken --body @teams-user.json";

/** A Teams user's Entra token from the emulator's stand-in, with the application and user it names. */
async function signInTeamsUser(endpoint: string): Promise<{ token: string; appId: string; userId: string }> {
  const response = await fetch(new URL(TEAMS_USER_TOKEN_PATH, endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  const body = (await response.json().catch(() => null)) as { token?: string; appId?: string; userId?: string } | null;
  if (!response.ok || !body?.token || !body.appId || !body.userId) {
    throw new Error(`The embedded emulator did not sign a Teams user in (HTTP ${response.status}).`);
  }
  return { token: body.token, appId: body.appId, userId: body.userId };
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
