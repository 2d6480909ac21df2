import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONNECTOR_FILES, MAX_CONNECTOR_FILE_BYTES, README_FILE } from '../connector-folder/index.ts';
import { connectorModel } from '../connector/model.ts';
import { toApiProperties } from '../connector/api-properties.ts';
import { toSwagger } from '../connector/swagger.ts';
import { writeFileAtomic } from '../shared/atomic-write.ts';
import { UserError } from '../shared/errors.ts';
import { renderIcon } from './icon.ts';
import { hasGeneratedSection, renderOperationsSection, withGeneratedSection, withOperationsSection } from './readme.ts';
import { renderValidatorRulesSection, VALIDATOR_RULES_BEGIN, VALIDATOR_RULES_END } from '../validate/readme-table.ts';

const VALIDATOR_RULES = { name: 'Validator rules', begin: VALIDATOR_RULES_BEGIN, end: VALIDATOR_RULES_END };
import { describeProblem, readRegularFile } from '../shared/read-file.ts';
import { REPOSITORY_ROOT } from '../shared/paths.ts';

/** The two JSON files, exactly as they are committed: 2-space indent, final newline. */
export function generateConnectorFiles(): Record<string, string> {
  return {
    [CONNECTOR_FILES.definition]: toJson(toSwagger(connectorModel)),
    [CONNECTOR_FILES.properties]: toJson(toApiProperties(connectorModel)),
  };
}

/** Every file the build produces, as bytes: the two JSON files and the icon. */
export function generatePackageFiles(): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const [name, text] of Object.entries(generateConnectorFiles())) files[name] = Buffer.from(text, 'utf8');
  files[CONNECTOR_FILES.icon] = renderIcon(connectorModel.brandColor);
  return files;
}

/**
 * Every file the build keeps current in `dir`: the two JSON files, the icon and, when the folder
 * has a README, that README with its "Supported Operations" part generated from the model.
 */
export async function expectedPackageFiles(dir: string): Promise<Record<string, Buffer>> {
  const files = generatePackageFiles();
  const path = join(dir, README_FILE);
  const readme = readRegularFile(path, MAX_CONNECTOR_FILE_BYTES);
  if (!readme.ok) {
    if (readme.problem.kind === 'missing') return files;
    throw new UserError(`${path} ${describeProblem(readme.problem)}.`, {
      hint: 'Make README.md a readable regular file.',
    });
  }
  try {
    let text = withOperationsSection(
      withLineFeeds(readme.bytes.toString('utf8')),
      renderOperationsSection(connectorModel),
    );
    // The validator's rule table lives in the project's own README only (other folders have no markers).
    if (hasGeneratedSection(text, VALIDATOR_RULES))
      text = withGeneratedSection(text, VALIDATOR_RULES, renderValidatorRulesSection());
    files[README_FILE] = Buffer.from(text, 'utf8');
  } catch (error) {
    throw new UserError(`${path}: ${(error as Error).message}`, {
      hint: 'Put the two marker lines below "## Supported Operations"; the build then writes the operations between them and leaves the rest of the README alone.',
    });
  }
  return files;
}

/** Writes the files that are missing or differ; returns their names. */
export async function writePackage(dir: string = REPOSITORY_ROOT): Promise<string[]> {
  const stale = await staleFiles(dir, await expectedPackageFiles(dir));
  for (const { name, content } of stale) await writeFileAtomic(join(dir, name), content);
  return stale.map((file) => file.name);
}

/** Names of the files in `dir` that are missing or differ from what the model generates. Writes nothing. */
export async function checkPackage(dir: string = REPOSITORY_ROOT): Promise<string[]> {
  return (await staleFiles(dir, await expectedPackageFiles(dir))).map((file) => file.name);
}

export interface StaleFile {
  name: string;
  /** What the model generates. */
  content: Buffer;
  missing: boolean;
}

/**
 * The text files the build writes, always with LF line ends. A copy that differs only by CRLF
 * line ends (an editor's, or a checkout without this repository's .gitattributes) is not stale:
 * git stores it with LF, and paconn parses the JSON files before sending them, so Power Platform
 * never sees their line ends.
 */
const TEXT_FILES: ReadonlySet<string> = new Set([CONNECTOR_FILES.definition, CONNECTOR_FILES.properties, README_FILE]);

const withLineFeeds = (text: string) => text.replace(/\r\n/g, '\n');

function sameContent(name: string, current: Buffer, expected: Buffer): boolean {
  if (current.equals(expected)) return true;
  return TEXT_FILES.has(name) && withLineFeeds(current.toString('utf8')) === expected.toString('utf8');
}

export async function staleFiles(dir: string, files: Record<string, Buffer>): Promise<StaleFile[]> {
  const stale: StaleFile[] = [];
  for (const [name, content] of Object.entries(files)) {
    const current = await readFile(join(dir, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new UserError(`Cannot read ${join(dir, name)}: ${error.message}`, {
        hint: `Make ${name} a readable file, or delete it so that \`npm run build\` writes it afresh.`,
      });
    });
    if (!current || !sameContent(name, current, content)) stale.push({ name, content, missing: !current });
  }
  return stale;
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
