import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A stand-in for the Power Platform CLI (pac is a .NET tool not installable here) where the deploy
 * depends on it, following Microsoft's pac reference and public logs: `pac auth create|delete|
 * clear|list` keeping named profiles (the last created is active) in a file under the home folder,
 * `--cloud Public|UsGov|UsGovHigh|UsGovDod|China`, and on Linux refusing to cache a client secret
 * without `--accept-cleartext-caching`; `pac connector create|update` with the long and short
 * flags, answering `Connector created with ID <guid>` / `Connector updated succesfully.` (sic), or
 * `Error: …` and a `Usage:` block with exit code 1; no prompts. Each call appends one JSON line to
 * $STAND_IN_PAC_LOG: argv, whether stdin is a terminal, the active profile, whether
 * PAC_CLI_SPN_SECRET was in its environment, the apiProperties it was given. Failures on demand:
 * $STAND_IN_PAC_FAIL (connector error text), $STAND_IN_PAC_AUTH_FAIL (sign-in error text),
 * $STAND_IN_PAC_SCRIPT_FAILURES=N (the first N connector calls fail with
 * CustomScriptProvisioningFailed), $STAND_IN_PAC_HANG (connector calls block until killed),
 * $STAND_IN_PAC_UNKNOWN_FLAG (pac treats that flag as unknown, like an older release),
 * $STAND_IN_PAC_ECHO_SECRET (auth create prints the secret, as a debug log might),
 * $STAND_IN_PAC_SOLUTIONS (comma-separated unique names the environment has).
 */
const SCRIPT = String.raw`#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tty = require('node:tty');
const crypto = require('node:crypto');

const argv = process.argv.slice(2);
const home = path.join(os.homedir(), '.local', 'share', 'Microsoft', 'PowerAppsCli');
const profilesFile = path.join(home, 'authprofiles_v2.json');
const connectorsFile = path.join(home, 'stand-in-connectors.json');
const readJson = (file, fallback) => { try { return JSON.parse(fs.readFileSync(file, 'utf8')); } catch { return fallback; } };
const writeJson = (file, value) => { fs.mkdirSync(path.dirname(file), { recursive: true }); fs.writeFileSync(file, JSON.stringify(value, null, 2)); };
const state = readJson(profilesFile, { current: null, profiles: [] });

const record = { argv, cwd: process.cwd(), stdinIsTTY: tty.isatty(0), activeProfile: state.current,
  spnSecretInEnv: Boolean(process.env.PAC_CLI_SPN_SECRET), apiProperties: null };
function log() {
  if (process.env.STAND_IN_PAC_LOG) fs.appendFileSync(process.env.STAND_IN_PAC_LOG, JSON.stringify(record) + '\n');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMMANDS = {
  'auth create': { '--name': 'name', '-n': 'name', '--applicationId': 'applicationId', '-id': 'applicationId',
    '--clientSecret': 'clientSecret', '-cs': 'clientSecret', '--tenant': 't', '-t': 't', '--cloud': 'cloud', '-ci': 'cloud',
    '--environment': 'environment', '-env': 'environment', '--accept-cleartext-caching': true, '--deviceCode': true, '-dc': true },
  'auth delete': { '--name': 'name', '-n': 'name', '--index': 'index', '-i': 'index' },
  'auth clear': {},
  'auth list': {},
  'connector create': { '--api-definition-file': 'definition', '-df': 'definition', '--api-properties-file': 'properties',
    '-pf': 'properties', '--icon-file': 'icon', '-if': 'icon', '--script-file': 'script', '-sf': 'script',
    '--settings-file': 'settings', '--solution-unique-name': 'solution', '-sol': 'solution', '--environment': 'environment', '-env': 'environment' },
};
COMMANDS['connector update'] = Object.assign({ '--connector-id': 'connectorId', '-id': 'connectorId' }, COMMANDS['connector create']);
const command = argv.slice(0, 2).join(' ');
const spec = COMMANDS[command];
if (process.env.STAND_IN_PAC_UNKNOWN_FLAG && spec) delete spec[process.env.STAND_IN_PAC_UNKNOWN_FLAG];

function usage() {
  const flags = Object.keys(spec || {}).filter((f) => f.startsWith('--'));
  process.stdout.write('\nUsage: pac ' + command + ' ' + flags.map((f) => '[' + f + ']').join(' ') + '\n\n');
  for (const flag of flags) process.stdout.write('  ' + flag.padEnd(32) + 'See the reference.\n');
}
function fail(message, withUsage) {
  process.stderr.write('Error: ' + message + '\n');
  if (withUsage) usage();
  process.exit(1);
}

process.stdout.write('Microsoft PowerPlatform CLI\nVersion: 1.99.0+stand-in\n\n');
if (!spec) { log(); fail('Unrecognized command or argument \'' + (argv[0] || '') + '\'.', false); }
const given = {};
for (let i = 2; i < argv.length; i++) {
  const flag = argv[i];
  const name = spec[flag];
  if (name === undefined) { log(); fail('Unrecognized command or argument \'' + flag + '\'.', true); }
  if (name === true) { given[flag] = true; continue; }
  if (i + 1 >= argv.length) { log(); fail('Required argument missing for option: \'' + flag + '\'.', true); }
  given[name] = argv[++i];
}
if (given.properties && fs.existsSync(given.properties)) record.apiProperties = fs.readFileSync(given.properties, 'utf8');
log();

const CLOUDS = ['Public', 'UsGov', 'UsGovHigh', 'UsGovDod', 'China'];
if (command === 'auth create') {
  if (!given.applicationId) fail('The stand-in signs in only as a service principal; interactive sign-in cannot work without a terminal.', false);
  if (!given.clientSecret || !given.t) fail('--applicationId needs --clientSecret and --tenant.', true);
  if (given.cloud && !CLOUDS.includes(given.cloud)) fail('The value \'' + given.cloud + '\' is not valid for argument \'--cloud\'.', true);
  if (given.name && given.name.length > 30) fail('The length of the name should be between 1 and 30.', true);
  if (process.env.STAND_IN_PAC_ECHO_SECRET) process.stdout.write('Using client secret ' + given.clientSecret + '\n');
  if (process.env.STAND_IN_PAC_AUTH_FAIL) fail(process.env.STAND_IN_PAC_AUTH_FAIL, false);
  if (process.platform === 'linux' && !given['--accept-cleartext-caching']) {
    process.stdout.write("Linux libsecret keyring is not available.  Use the '--accept-cleartext-caching' switch to permit storing in cleartext.\n");
    fail('AuthProfileSpnSecretNotFoundWithLinuxFallback', false);
  }
  const name = given.name || '';
  state.profiles = state.profiles.filter((p) => p.name !== name || !name);
  state.profiles.push({ name, kind: 'UNIVERSAL', applicationId: given.applicationId, tenant: given.t,
    cloud: given.cloud || 'Public', environment: given.environment || null });
  state.current = name;
  writeJson(profilesFile, state);
  process.stdout.write("'" + given.applicationId + "' authenticated successfully.\nValidating connection...\nAuthentication profile created\n    * UNIVERSAL " + name + ' : ' + given.applicationId + ' ' + (given.cloud || 'Public') + '\n');
  process.exit(0);
}
if (command === 'auth delete') {
  if (!state.profiles.some((p) => p.name === given.name)) fail('No profile named \'' + given.name + '\' was found.', false);
  state.profiles = state.profiles.filter((p) => p.name !== given.name);
  if (state.current === given.name) state.current = state.profiles.length ? state.profiles[0].name : null;
  writeJson(profilesFile, state);
  process.stdout.write("Profile '" + given.name + "' deleted.\n");
  process.exit(0);
}
if (command === 'auth clear') {
  writeJson(profilesFile, { current: null, profiles: [] });
  process.stdout.write('Authentication profiles and token cache removed\n');
  process.exit(0);
}
if (command === 'auth list') {
  for (const [i, p] of state.profiles.entries()) process.stdout.write('[' + (i + 1) + '] ' + (p.name === state.current ? '*' : ' ') + ' UNIVERSAL ' + p.name + '\n');
  process.exit(0);
}

// connector create | update
if (state.current === null) fail("No profiles were found on this computer. Please run 'pac auth create' to create one.", false);
if (process.env.STAND_IN_PAC_FAIL) fail(process.env.STAND_IN_PAC_FAIL, false);
// Blocks (at most 10 min) until killed, like an update that hangs; a signal ends it even while blocked.
if (process.env.STAND_IN_PAC_HANG) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600000);
const failures = Number(process.env.STAND_IN_PAC_SCRIPT_FAILURES || 0);
if (failures > 0) {
  const counter = path.join(home, 'stand-in-script-failures');
  const seen = Number(readJson(counter, 0));
  writeJson(counter, seen + 1);
  if (seen < failures) fail('Request failed: CustomScriptProvisioningFailed: Failed to provision the custom code of the connector. Please retry.', false);
}
for (const [flag, file] of [['--api-definition-file', given.definition], ['--api-properties-file', given.properties]]) {
  if (!file || !fs.existsSync(file)) fail('The ' + flag + ' file ' + file + ' does not exist.', true);
}
const properties = JSON.parse(fs.readFileSync(given.properties, 'utf8'));
if ((properties.properties || {}).scriptOperations && !given.script) fail('InvalidScriptDefinitionUrlWithNonNullOperations', false);
if (given.solution) {
  const known = (process.env.STAND_IN_PAC_SOLUTIONS || '').split(',').filter(Boolean);
  if (!known.includes(given.solution)) fail('Solution \'' + given.solution + '\' was not found in the target environment.', false);
}
const connectors = readJson(connectorsFile, []);
if (command === 'connector update') {
  if (!GUID.test(given.connectorId || '')) fail('The Connector ID must be a valid Guid.', true);
  const existing = connectors.find((c) => c.id === given.connectorId);
  if (!existing) fail('Connector ' + given.connectorId + ' was not found.', false);
  if ('stackOwner' in properties || 'stackOwner' in (properties.properties || {})) fail("The property 'stackOwner' cannot be set on update of a custom connector.", false);
  existing.solution = given.solution || existing.solution;
  writeJson(connectorsFile, connectors);
  process.stdout.write('Connector updated succesfully.\n');
  process.exit(0);
}
const id = crypto.randomUUID();
connectors.push({ id, environment: given.environment, solution: given.solution || null });
writeJson(connectorsFile, connectors);
process.stdout.write('Connector created with ID ' + id + '\n');
`;

export interface StandInPacCall {
  argv: string[];
  cwd: string;
  stdinIsTTY: boolean;
  activeProfile: string | null;
  spnSecretInEnv: boolean;
  apiProperties: string | null;
}

export interface StandInPacProfiles {
  current: string | null;
  profiles: Array<{ name: string; applicationId: string; tenant: string; cloud: string }>;
}

/** Where the stand-in keeps its profiles under `home`. */
export function standInPacProfilesFile(home: string): string {
  return join(home, '.local', 'share', 'Microsoft', 'PowerAppsCli', 'authprofiles_v2.json');
}

/** Writes the stand-in as `pac` (and `pac.cmd` on Windows) into binDir and returns its path. */
export async function writeStandInPac(binDir: string): Promise<string> {
  await mkdir(binDir, { recursive: true });
  const path = join(binDir, 'pac');
  await writeFile(path, SCRIPT);
  await chmod(path, 0o755);
  if (process.platform === 'win32') await writeFile(join(binDir, 'pac.cmd'), '@node "%~dp0pac" %*\r\n');
  return path;
}
