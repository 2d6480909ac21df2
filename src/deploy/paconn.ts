import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../shared/errors.ts';
import { findOnPath } from './find-tool.ts';

/** paconn refuses a token with fewer seconds left than this (TOKEN_BUFFER_SECONDS in tokenmanager.py). */
export const TOKEN_BUFFER_SECONDS = 600;

export const PACONN_INSTALL_HINT =
  'Install it with `pip install paconn` (Python 3), make sure its folder is on PATH, then run `paconn login`.';
const LOGIN_HINT =
  'Run `paconn login` in a terminal and complete the device-code sign-in, then deploy again. (For GCC, GCC High, DoD or China, see "Deployment Instructions" in the README.)';

/** The first executable `paconn` in PATH order (on Windows also paconn.exe, paconn.cmd…). */
export async function findPaconn(env: NodeJS.ProcessEnv): Promise<string> {
  const found = await findOnPath('paconn', env);
  if (found !== undefined) return found;
  throw new UserError(
    'paconn (the Power Platform Connectors CLI) is not on PATH, so the connector cannot be deployed.',
    { hint: PACONN_INSTALL_HINT },
  );
}

/** ~/.paconn/accessTokens.json, where paconn 0.0.21 keeps its login (paconn/common/util.py get_config_dir). */
export function tokenFilePath(env: NodeJS.ProcessEnv): string {
  // Python's expanduser, as paconn uses it: on Windows USERPROFILE (HOME, set by Git Bash, is ignored since 3.8).
  const home = (process.platform === 'win32' ? env.USERPROFILE : env.HOME) || homedir();
  return join(home, '.paconn', 'accessTokens.json');
}

/**
 * Checks paconn's login the way paconn does, without starting one: the token file must hold an
 * access_token whose expires_on (epoch seconds) is at least 600 s away. Returns the secret values
 * found, so that they can be scrubbed from paconn's output.
 */
export async function checkLogin(env: NodeJS.ProcessEnv, now: Date = new Date()): Promise<string[]> {
  const path = tokenFilePath(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new UserError(
      missing
        ? `paconn is not signed in: ${path} does not exist.`
        : `paconn's login file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      { hint: LOGIN_HINT },
    );
  }
  let token: unknown;
  try {
    token = JSON.parse(text);
  } catch {
    throw new UserError(`paconn's login file ${path} is not valid JSON.`, { hint: LOGIN_HINT });
  }
  const record =
    typeof token === 'object' && token !== null && !Array.isArray(token)
      ? (token as Record<string, unknown>)
      : undefined;
  const accessToken = record?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new UserError(`paconn's login file ${path} holds no access token.`, { hint: LOGIN_HINT });
  }
  const secrets = [accessToken, record?.refresh_token].filter(
    (value): value is string => typeof value === 'string' && value.length >= 8,
  );
  // Like paconn: no expires_on means paconn will try the token as it is.
  if (record?.expires_on === undefined) return secrets;
  const expiresOn = Number(record.expires_on);
  if (!Number.isFinite(expiresOn)) {
    throw new UserError(`paconn's login file ${path} has an unreadable expires_on.`, { hint: LOGIN_HINT });
  }
  const secondsLeft = Math.floor(expiresOn - now.getTime() / 1000);
  if (secondsLeft < TOKEN_BUFFER_SECONDS) {
    const state =
      secondsLeft <= 0 ? `expired at ${new Date(expiresOn * 1000).toISOString()}` : `expires in ${secondsLeft} s`;
    throw new UserError(
      `paconn's sign-in ${state}; paconn needs at least ${TOKEN_BUFFER_SECONDS} s left and would refuse to work.`,
      { hint: LOGIN_HINT },
    );
  }
  return secrets;
}

/** The id paconn prints on success: `<connectorId> created successfully.` / `… updated successfully.` */
export function connectorIdFromOutput(stderr: string, verb: 'created' | 'updated'): string | undefined {
  const match = new RegExp(`^\\s*(\\S+) ${verb} successfully\\.\\s*$`, 'm').exec(stderr);
  return match?.[1];
}

/** The `ERROR: …` lines paconn prints, or its last non-empty line when there are none. */
export function errorTextFromOutput(stderr: string, stdout: string): string {
  const lines = `${stderr}\n${stdout}`
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  const errors = lines.filter((line) => /^ERROR:/.test(line));
  if (errors.length > 0) return errors.join(' ');
  return lines[lines.length - 1] ?? '(paconn printed nothing)';
}

/** What to do about the failures admins meet most often. */
export function hintForFailure(text: string, exitCode: number, command: 'create' | 'update'): string | undefined {
  if (/access token invalid|login again|couldn't get authentication|AADSTS|interaction_required/i.test(text))
    return LOGIN_HINT;
  if (exitCode === 2 || /unrecognized arguments|usage: paconn/i.test(text)) {
    return 'paconn rejected its arguments; this tool drives paconn 0.0.21. Check `paconn --version` and install it with `pip install paconn`.';
  }
  if (/stackOwner/i.test(text)) {
    return 'The platform refuses stackOwner on update. This tool removes it from the copy it gives paconn; if you run paconn by hand, delete "stackOwner" from that apiProperties.json.';
  }
  if (/tty|prompt/i.test(text)) {
    return 'paconn wanted to ask a question. Pass --environment (and --connector-id for an existing connector) so it has nothing to ask.';
  }
  // Status codes as whole words: ids and GUIDs in the text often contain 401, 403 or 404.
  if (command === 'update' && /not ?found|\b404\b|does not exist/i.test(text)) {
    return 'The connector id is not in this environment. Check --connector-id and --environment, or remove "connectorId" from the settings file to create a new connector.';
  }
  if (/forbidden|\b403\b|unauthorized|\b401\b|permission/i.test(text)) {
    return 'Your account lacks rights in this environment. You need the Environment Maker (or System Administrator) role there, and the right cloud (--cloud) for your tenant.';
  }
  if (/environment/i.test(text) && /not ?found|invalid|\b404\b/i.test(text)) {
    return 'Check the environment id: Power Platform admin center > Environments > your environment > Environment ID.';
  }
  return undefined;
}
