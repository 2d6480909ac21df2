import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { UserError } from '../shared/errors.ts';
import { lineAndColumn } from '../shared/json.ts';

/** The programs a deploy can drive; paconn is the default, as before pac was supported. */
export const DEPLOY_TOOLS = ['paconn', 'pac'] as const;
export type DeployTool = (typeof DEPLOY_TOOLS)[number];

/** How long the create or update may run by default (paconn's HTTP calls have no timeout of their own). */
export const DEFAULT_DEPLOY_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * paconn's settings.json, with paconn's own field names (paconn/settings/settingsserializer.py):
 * it stays usable as `paconn update --settings settings.json`. It never holds secrets.
 */
export interface PaconnSettings {
  connectorId?: string;
  environment?: string;
  apiProperties?: string;
  apiDefinition?: string;
  icon?: string;
  script?: string;
  powerAppsUrl?: string;
  powerAppsApiVersion?: string;
  /** The git commit last deployed to connectorId (this tool's own field; paconn ignores it). */
  deployedCommit?: string;
  /** The program that deployed connectorId (this tool's own field): pac ids are Dataverse GUIDs. */
  tool?: DeployTool;
  /** The unique name of the solution pac put the connector in (this tool's own field). */
  solution?: string;
  [other: string]: unknown;
}

const STRING_FIELDS = [
  'connectorId',
  'environment',
  'apiProperties',
  'apiDefinition',
  'icon',
  'script',
  'powerAppsUrl',
  'powerAppsApiVersion',
  'deployedCommit',
  'tool',
  'solution',
];

/** Reads the settings file; a missing file is an empty one (the first deploy creates it). */
export async function readSettings(path: string): Promise<PaconnSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UserError(`Cannot read the settings file ${path}: ${(error as Error).message}.`, {
      hint: 'Check the --settings path and the file permissions.',
    });
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) {
    const first = errors[0]!;
    const { line, column } = lineAndColumn(text, first.offset);
    throw new UserError(
      `The settings file ${path} is not valid JSON (${printParseErrorCode(first.error)} at line ${line}, column ${column}).`,
      {
        hint: 'Fix the JSON, or delete the file and pass --environment (and --connector-id for an existing connector).',
      },
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(
      `The settings file ${path} must hold a JSON object like {"environment": "…", "connectorId": "…"}.`,
    );
  }
  const settings = value as PaconnSettings;
  for (const field of STRING_FIELDS) {
    if (settings[field] !== undefined && typeof settings[field] !== 'string') {
      throw new UserError(
        `"${field}" in the settings file ${path} must be a string, not ${JSON.stringify(settings[field])}.`,
      );
    }
  }
  if (settings.tool !== undefined && !(DEPLOY_TOOLS as readonly string[]).includes(settings.tool)) {
    throw new UserError(
      `"tool" in the settings file ${path} must be one of ${DEPLOY_TOOLS.join(', ')}, not "${settings.tool}".`,
    );
  }
  return settings;
}

/**
 * Writes the settings atomically, keeping fields this tool does not manage (e.g. flowUrl).
 * Keys are sorted and indented by two spaces, as paconn writes them. File paths are stored
 * relative to the settings file when they sit below it, so the folder can move.
 */
export async function saveSettings(path: string, previous: PaconnSettings, update: PaconnSettings): Promise<void> {
  const merged: PaconnSettings = { ...previous, ...update };
  for (const field of ['apiProperties', 'apiDefinition', 'icon', 'script'] as const) {
    const file = merged[field];
    if (typeof file === 'string') merged[field] = pathForSettings(path, file);
  }
  const sorted = Object.fromEntries(
    Object.keys(merged)
      .sort()
      .map((key) => [key, merged[key]]),
  );
  await writeFileAtomic(path, `${JSON.stringify(sorted, null, 2)}\n`);
}

function pathForSettings(settingsPath: string, file: string): string {
  const fromSettings = relative(dirname(settingsPath), file);
  if (fromSettings === '' || fromSettings.startsWith('..') || isAbsolute(fromSettings)) return file;
  return fromSettings.split(sep).join('/');
}
