import { readFile } from 'node:fs/promises';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { redactSecrets } from '../shared/redact.ts';
import { connectionInput, type ConnectionOptions } from '../runtime/connection.ts';
import { findOperation } from '../runtime/definition.ts';
import { ConnectorRuntime } from '../runtime/runtime.ts';
import { connectOrEmulate } from './embedded-emulator.ts';

export interface InvokeOptions extends ConnectionOptions {
  dir: string;
  param: string[];
  body?: string;
  script?: string;
}

/** `acs-connector invoke`: one action, one JSON answer on stdout; diagnostics on stderr. */
export async function runInvoke(operationId: string, options: InvokeOptions): Promise<number> {
  const parameters = parseParams(options.param);
  const body = options.body === undefined ? undefined : await readBodyOption(options.body);
  const runtime = await ConnectorRuntime.load({ dir: options.dir, scriptPath: options.script });
  findOperation(runtime.definition, operationId);
  // The script host (most of a one-off call's time) starts while the connection is resolved;
  // a failure to start surfaces from the call itself.
  runtime.warmUp().catch(() => undefined);
  try {
    const connection = await connectOrEmulate(options);
    if (connection.source === 'emulator') {
      const kind = connection.kind === 'entra' ? 'its Microsoft Entra ID application' : 'its connection string';
      process.stderr.write(`No connection given: using an embedded ACS emulator and ${kind} for this call.\n`);
    }
    try {
      const result = await runtime.invoke(operationId, {
        parameters,
        body,
        connection: connectionInput(runtime.definition, connection),
      });
      for (const warning of result.warnings) process.stderr.write(`warning: ${redactSecrets(warning)}\n`);
      process.stdout.write(
        `${JSON.stringify({ status: result.status, headers: result.headers, body: result.body })}\n`,
      );
      return result.status < 400 ? 0 : 1;
    } finally {
      await connection.close();
    }
  } finally {
    await runtime.close();
  }
}

function parseParams(pairs: string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0) {
      throw new UserError(`--param "${pair}" is not of the form name=value.`, {
        hint: 'Write for example --param identityId=8:acs:…',
        exitCode: EXIT_STATUS.usage,
      });
    }
    parameters[pair.slice(0, separator)] = pair.slice(separator + 1);
  }
  return parameters;
}

async function readBodyOption(value: string): Promise<string> {
  if (!value.startsWith('@')) return value;
  const path = value.slice(1);
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new UserError(`--body ${value}: cannot read the file ${path}.`, {
      hint: 'Give the JSON inline (--body \'{"scopes":["chat"]}\') or @ followed by a readable file path.',
      exitCode: EXIT_STATUS.usage,
    });
  }
}
