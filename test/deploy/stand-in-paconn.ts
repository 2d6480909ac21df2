import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A stand-in for paconn 0.0.21 (paconn itself is Python and not installable here). It behaves like
 * the real CLI where the wrapper depends on it: knack/argparse flag parsing (unknown flag: usage on
 * stderr, exit 2), the token file check with its 600 s buffer, prompts failing without a terminal,
 * `<id> created successfully.` / `<id> updated successfully.` on stderr, settings.json written
 * into the working directory on create, stackOwner refused on update. It appends one JSON line
 * per call (argv, cwd, whether stdin is a terminal and what it is, the apiProperties it was given)
 * to $STAND_IN_PACONN_LOG, and fails with `ERROR: $STAND_IN_PACONN_FAIL` (exit 1) when that is set.
 * $STAND_IN_PACONN_PRINT_TOKEN makes it echo the access token (as a debug log might);
 * $STAND_IN_PACONN_WITHOUT_SCRIPT makes it an older paconn without --script;
 * $STAND_IN_PACONN_HANG makes it wait forever, like paconn on a stalled connection.
 */
const SCRIPT = String.raw`#!/usr/bin/env node
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tty = require('node:tty');
const crypto = require('node:crypto');

const argv = process.argv.slice(2);
const command = argv[0];
const stdinIsTTY = tty.isatty(0);
// What fd 0 is: 'null' (/dev/null), 'tty', 'pipe', 'file', or 'closed'.
function stdinKind() {
  try {
    const stdin = fs.fstatSync(0);
    if (stdinIsTTY) return 'tty';
    if (stdin.isFIFO() || stdin.isSocket()) return 'pipe';
    if (stdin.isCharacterDevice()) return stdin.rdev === fs.statSync('/dev/null').rdev ? 'null' : 'device';
    return 'file';
  } catch { return 'closed'; }
}

const FLAGS = {
  create: { '--env': 'environment', '-e': 'environment', '--api-prop': 'apiProperties', '-p': 'apiProperties',
    '--api-def': 'apiDefinition', '-d': 'apiDefinition', '--icon': 'icon', '-i': 'icon', '--script': 'script', '-x': 'script',
    '--pau': 'powerAppsUrl', '-u': 'powerAppsUrl', '--pav': 'powerAppsApiVersion', '-v': 'powerAppsApiVersion',
    '--secret': 'secret', '-r': 'secret', '--settings': 'settings', '-s': 'settings' },
};
FLAGS.update = Object.assign({ '--cid': 'connectorId', '-c': 'connectorId' }, FLAGS.create);
// Emulates a paconn release from before --script existed.
if (process.env.STAND_IN_PACONN_WITHOUT_SCRIPT) for (const flags of Object.values(FLAGS)) { delete flags['--script']; delete flags['-x']; }
const SWITCHES = { create: { '--overwrite-settings': 'overwrite', '-w': 'overwrite' }, update: {} };

function usage(message) {
  process.stderr.write('usage: paconn ' + (command || '') + ' [-h] [--verbose] [--debug] [--only-show-errors]\n');
  process.stderr.write('paconn ' + (command || '') + ': error: ' + message + '\n');
  process.exit(2);
}
function fail(message) {
  process.stderr.write('ERROR: ' + message + '\n');
  process.exit(1);
}

const record = { argv, cwd: process.cwd(), stdinIsTTY, stdin: stdinKind(), apiProperties: null };
function log() {
  if (process.env.STAND_IN_PACONN_LOG) fs.appendFileSync(process.env.STAND_IN_PACONN_LOG, JSON.stringify(record) + '\n');
}

if (!FLAGS[command]) { log(); usage('argument _command_package: invalid choice: ' + JSON.stringify(command)); }
const given = {};
for (let i = 1; i < argv.length; i++) {
  const flag = argv[i];
  if (SWITCHES[command][flag]) { given[SWITCHES[command][flag]] = true; continue; }
  const name = FLAGS[command][flag];
  if (!name) { log(); usage('unrecognized arguments: ' + argv.slice(i).join(' ')); }
  if (i + 1 >= argv.length || argv[i + 1].startsWith('-')) { log(); usage('argument ' + flag + ': expected one argument'); }
  given[name] = argv[++i];
}

// With --settings, everything but --secret and -w comes from the file.
let settings = given;
if (given.settings) {
  settings = JSON.parse(fs.readFileSync(given.settings, 'utf8'));
  settings.secret = given.secret;
}
if (settings.apiProperties && fs.existsSync(settings.apiProperties)) {
  record.apiProperties = fs.readFileSync(settings.apiProperties, 'utf8');
}
log();

// Login: the token file as paconn 0.0.21's TokenManager reads it.
const tokenFile = path.join(os.homedir(), '.paconn', 'accessTokens.json');
let token = [];
if (fs.existsSync(tokenFile)) {
  try { token = JSON.parse(fs.readFileSync(tokenFile, 'utf8')); } catch (e) { fail('Failed to load token files. (Inner Error: ' + e.message + ')'); }
}
const expired = !('access_token' in token) || ('expires_on' in token && token.expires_on < Date.now() / 1000 + 600);
if (expired) fail('Access token invalid. Please login again.');
if (process.env.STAND_IN_PACONN_PRINT_TOKEN) process.stdout.write('DEBUG: Authorization: Bearer ' + token.access_token + '\n');

if (process.env.STAND_IN_PACONN_FAIL) fail(process.env.STAND_IN_PACONN_FAIL);
// Blocks (at most 10 min) until killed; a signal ends it even while blocked.
if (process.env.STAND_IN_PACONN_HANG) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600000);

function prompt(what) {
  if (!stdinIsTTY) fail('Unable to prompt for ' + what + ' (NoTTYException): no terminal attached.');
  fail('the stand-in does not answer prompts');
}
if (!settings.environment) prompt('the environment');
if (command === 'update' && !settings.connectorId) prompt('the connector id');
for (const [flag, file] of [['--api-prop', settings.apiProperties], ['--api-def', settings.apiDefinition]]) {
  if (!file || !fs.existsSync(file)) fail('The ' + flag + ' file ' + file + ' does not exist.');
}
const properties = JSON.parse(fs.readFileSync(settings.apiProperties, 'utf8'));
const definition = JSON.parse(fs.readFileSync(settings.apiDefinition, 'utf8'));

if (command === 'update') {
  if ('stackOwner' in properties || 'stackOwner' in (properties.properties || {})) {
    fail('Request failed with status 400: The property \'stackOwner\' cannot be set on update of a custom connector.');
  }
  process.stderr.write(settings.connectorId + ' updated successfully.\n');
  process.exit(0);
}

// create: the id derives from the title as the platform encodes it ("ACS Identity" -> acs-20identity).
const title = String((definition.info && definition.info.title) || 'connector').toLowerCase()
  .replace(/[^a-z0-9]/g, (c) => '-' + c.charCodeAt(0).toString(16));
const id = 'shared_' + title + '-5f' + crypto.randomBytes(9).toString('hex');
const written = { connectorId: id, environment: settings.environment, apiProperties: settings.apiProperties,
  apiDefinition: settings.apiDefinition, icon: settings.icon, script: settings.script,
  powerAppsUrl: settings.powerAppsUrl || 'https://api.powerapps.com', powerAppsApiVersion: settings.powerAppsApiVersion || '2016-11-01' };
// The connector now exists; paconn then asks before overwriting an existing settings.json.
if (fs.existsSync('settings.json') && !given.overwrite) prompt('overwriting settings.json');
fs.writeFileSync('settings.json', JSON.stringify(written, null, 2));
process.stderr.write(id + ' created successfully.\n');
`;

export interface StandInCall {
  argv: string[];
  cwd: string;
  stdinIsTTY: boolean;
  stdin: 'null' | 'tty' | 'pipe' | 'device' | 'file' | 'closed';
  apiProperties: string | null;
}

/** Writes the stand-in as `paconn` into binDir (created if needed) and returns its path. */
export async function writeStandInPaconn(binDir: string): Promise<string> {
  await mkdir(binDir, { recursive: true });
  const path = join(binDir, 'paconn');
  await writeFile(path, SCRIPT);
  await chmod(path, 0o755);
  return path;
}
