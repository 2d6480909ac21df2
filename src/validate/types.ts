/** Shapes shared by the validator's loader, rules and reporters. */

import type { ScriptDiagnostic } from '../script-host/protocol.ts';

export type Severity = 'error' | 'warning';

export interface Finding {
  ruleId: string;
  severity: Severity;
  file: string;
  /** JSON pointer (e.g. /paths/~1identities/post), "line 12" or "line 3, column 7". */
  location: string;
  message: string;
  hint: string;
}

/** What a rule reports; the rule table supplies the id and the default severity and file. */
export interface Violation {
  location: string;
  message: string;
  hint: string;
  severity?: Severity;
  file?: string;
}

export const FILE_NAMES = {
  definition: 'apiDefinition.swagger.json',
  properties: 'apiProperties.json',
  script: 'script.csx',
  icon: 'icon.png',
} as const;

export type FileKey = keyof typeof FILE_NAMES;

export interface JsonDocument {
  bytes: number;
  /** Undefined when the text is not valid JSON. */
  value: unknown;
  parseError?: { line: number; column: number; message: string };
}

/** One Swagger operation, found under paths. */
export interface OperationEntry {
  path: string;
  method: string;
  pointer: string;
  operation: Record<string, unknown>;
}

/** A parameter as the operation sees it: $refs resolved, path-level parameters merged in. */
export interface ParameterEntry {
  pointer: string;
  parameter: Record<string, unknown>;
}

export interface ValidationContext {
  dir: string;
  raw: Partial<Record<FileKey, Buffer>>;
  definitionJson?: JsonDocument;
  propertiesJson?: JsonDocument;
  /** The parsed definition when it is a JSON object, else undefined. */
  definition?: Record<string, unknown>;
  properties?: Record<string, unknown>;
  script?: string;
  operations: OperationEntry[];
  /** Resolves a local "#/…" reference inside the definition; undefined when it does not resolve. */
  resolveRef(ref: string): unknown;
  parametersOf(entry: OperationEntry): ParameterEntry[];
  /** Compiles script.csx when the compile check is on. */
  checkScript?: (scriptPath: string) => Promise<ScriptDiagnostic[]>;
}

export interface Rule {
  /** Stable id: certification ids S1–S16 and P1–P4, the project's own ids for the rest. */
  id: string;
  severity: Severity;
  file: string;
  description: string;
  /** Which parts are checked at a lower level, or not at all, and why. */
  notes?: string;
  check(context: ValidationContext): Violation[] | Promise<Violation[]>;
}
