/**
 * The validator's output formats, a family of pure functions from verdicts to text (as Spectral's
 * formatters): stylish (for people), json (JSON Lines, for scripts), sarif (SARIF 2.1.0, for
 * code-scanning tools), github (GitHub Actions workflow commands) and azure (Azure Pipelines, in
 * the form Microsoft's own connector pipeline prints). A format streams one folder at a time where
 * it can; SARIF is one document, written at the end.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { msCodesOf, type Finding, type Rule } from './types.ts';
import { findingsAsJson, folderLine, formatFindings, totalLine } from './report.ts';

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'azure'] as const;
export type FormatName = (typeof FORMATS)[number];

/** One folder's verdict: its findings (with line and column where known), or why it was not judged. */
export interface FolderVerdict {
  dir: string;
  findings?: Finding[];
  failure?: Error;
}

export interface Tally {
  folders: number;
  withErrors: number;
  warningsOnly: number;
}

export interface FormatContext {
  strict: boolean;
  /** Whether one folder was asked for (stylish then prints every finding, not one line). */
  single: boolean;
  /** Paths in annotations are relative to this folder (the CI checkout). */
  cwd: string;
  rules: readonly Rule[];
  version: string;
}

export interface Formatter {
  /** Whether findings need line and column (a position-aware parse of the files). */
  positions: boolean;
  /** Text for one folder, as soon as it is judged. */
  folder(verdict: FolderVerdict, context: FormatContext): string;
  /** Text after the last folder. */
  end(verdicts: readonly FolderVerdict[], tally: Tally, context: FormatContext): string;
  /** Whether `end` needs every verdict (the others keep only the tally). */
  keepsVerdicts: boolean;
}

/** The path of a finding's file: the file in the folder, or the folder itself for folder-level findings. */
function fileOf(dir: string, finding: Finding): string {
  return /\.(json|csx|png)$/.test(finding.file) ? path.join(dir, finding.file) : dir;
}

const isPointer = (location: string) => location.startsWith('/');

const withFix = (finding: Finding) => `${finding.message} Fix: ${finding.hint}`;

const stylish: Formatter = {
  positions: false,
  keepsVerdicts: false,
  folder: ({ dir, findings, failure }, { strict, single }) => {
    if (single && findings) return formatFindings(dir, findings, strict);
    return `${folderLine(dir, findings, failure, strict)}\n`;
  },
  end: (_verdicts, tally, { strict, single }) => (single ? '' : `${totalLine(tally, strict)}\n`),
};

const json: Formatter = {
  positions: false,
  keepsVerdicts: false,
  folder: ({ dir, findings, failure }) => findingsAsJson(dir, findings, failure),
  end: () => '',
};

/** GitHub Actions workflow command escaping: the message, and more for property values. */
const githubData = (text: string) => text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const githubProperty = (text: string) => githubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');

const github: Formatter = {
  positions: true,
  keepsVerdicts: false,
  folder: ({ dir, findings, failure }, { cwd }) => {
    if (failure)
      return `::error title=${githubProperty('acs-connector validate')}::${githubData(`${dir}: ${failure.message}`)}\n`;
    return (findings ?? [])
      .map((finding) => {
        const properties = [
          `file=${githubProperty(path.relative(cwd, fileOf(dir, finding)) || '.')}`,
          ...(finding.line ? [`line=${finding.line}`, `col=${finding.column ?? 1}`] : []),
          `title=${githubProperty(finding.msCode ? `${finding.ruleId} ${finding.msCode}` : finding.ruleId)}`,
        ];
        const where = isPointer(finding.location) ? ` (at ${finding.location})` : '';
        return `::${finding.severity} ${properties.join(',')}::${githubData(withFix(finding) + where)}\n`;
      })
      .join('');
  },
  end: () => '',
};

/** Azure Pipelines: "##[error]<message> ValuePath: <pointer>", as Microsoft's connector pipeline prints it. */
const azure: Formatter = {
  positions: false,
  keepsVerdicts: false,
  folder: ({ dir, findings, failure }) => {
    if (failure) return `##[error]${oneLine(`${dir}: ${failure.message}`)}\n`;
    return (findings ?? [])
      .map((finding) => {
        const file = path.join(dir, finding.file);
        const code = finding.msCode ? `${finding.ruleId} ${finding.msCode}` : finding.ruleId;
        const where = isPointer(finding.location) ? ` ValuePath: ${finding.location}` : ` (${finding.location})`;
        return `##[${finding.severity}]${oneLine(`${file}: ${code}: ${withFix(finding)}`)}${where}\n`;
      })
      .join('');
  },
  end: (_verdicts, tally) => {
    // The pipeline's own closing words.
    if (tally.withErrors > 0) return 'Errors encountered.\n';
    if (tally.warningsOnly > 0) return 'Warnings encountered.\n';
    return 'No error or warnings encountered.\n';
  },
};

const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, ' ');

const sarif: Formatter = {
  positions: true,
  keepsVerdicts: true,
  folder: () => '',
  end: (verdicts, _tally, context) => `${JSON.stringify(sarifLog(verdicts, context), null, 2)}\n`,
};

/** The SARIF 2.1.0 log of a run: the rules as the tool's metadata, each finding as a result. */
export function sarifLog(verdicts: readonly FolderVerdict[], context: FormatContext): Sarif.Log {
  const ruleIndex = new Map(context.rules.map((rule, index) => [rule.id, index]));
  const results: Sarif.Result[] = [];
  const notifications: Sarif.Notification[] = [];
  for (const { dir, findings, failure } of verdicts) {
    if (failure) notifications.push(sarifNotification(dir, failure));
    else for (const finding of findings ?? []) results.push(sarifResult(dir, finding, ruleIndex.get(finding.ruleId)));
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'acs-connector validate',
            version: context.version,
            rules: context.rules.map(sarifRule),
          },
        },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        results,
      },
    ],
  };
}

/** A rule as SARIF tool metadata, with its help text, level and Microsoft's codes. */
function sarifRule(rule: Rule): Sarif.ReportingDescriptor {
  const codes = msCodesOf(rule);
  return {
    id: rule.id,
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.notes ? `${rule.description} ${rule.notes}` : rule.description },
    help: {
      text: `${rule.description}\nLevel: ${rule.severity} (${rule.evidence}).${codes.length > 0 ? `\nMicrosoft's Swagger Validator code: ${codes.join(', ')}.` : ''}`,
    },
    defaultConfiguration: { level: rule.severity },
    properties: { tags: ['power-platform-connector', ...codes], msCodes: [...codes], file: rule.file },
  };
}

/** A folder that could not be judged, as a notification of the run. */
function sarifNotification(dir: string, failure: Error): Sarif.Notification {
  return {
    level: 'error',
    message: { text: `${dir}: ${failure.message}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(dir).href } } }],
  };
}

/** A finding as a SARIF result: its file, line and column when known, and its JSON pointer. */
function sarifResult(dir: string, finding: Finding, index: number | undefined): Sarif.Result {
  const region: Sarif.Region | undefined = finding.line
    ? { startLine: finding.line, startColumn: finding.column ?? 1 }
    : undefined;
  return {
    ruleId: finding.ruleId,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: finding.severity,
    message: { text: withFix(finding) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: pathToFileURL(fileOf(dir, finding)).href },
          ...(region ? { region } : {}),
        },
        ...(isPointer(finding.location)
          ? { logicalLocations: [{ fullyQualifiedName: finding.location, kind: 'member' }] }
          : {}),
      },
    ],
    ...(finding.msCode ? { properties: { msCode: finding.msCode } } : {}),
  };
}

export const FORMATTERS: Record<FormatName, Formatter> = { stylish, json, sarif, github, azure };
