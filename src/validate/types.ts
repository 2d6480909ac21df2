/** Shapes shared by the validator's loader, rules and reporters. */

import type { ConnectorFolder } from '../connector-folder/index.ts';
import type { ScriptCheckResult } from '../script-host/protocol.ts';

export type Severity = 'error' | 'warning';

export interface Finding {
  ruleId: string;
  /** Microsoft's Swagger Validator code for this finding, where one corresponds (see src/validate/catalog.ts). */
  msCode?: string;
  severity: Severity;
  file: string;
  /** JSON pointer (e.g. /paths/~1identities/post), "line 12" or "line 3, column 7". */
  location: string;
  message: string;
  hint: string;
  /** 1-based line and column of the location in its file, when asked for (SARIF, GitHub annotations). */
  line?: number;
  column?: number;
}

/** What a rule reports; the rule table supplies the id and the default severity and file. */
export interface Violation {
  location: string;
  message: string;
  hint: string;
  severity?: Severity;
  file?: string;
  /** Microsoft's code when it differs from the rule's (a family rule reports several codes). */
  msCode?: string;
}

/** A connector folder as read (src/connector-folder), with what the validator adds. */
export interface ValidationContext extends ConnectorFolder {
  script?: string;
  /** The script host's check of script.csx, when the compile check is on (one host run for many folders). */
  scriptCheck?: Promise<ScriptCheckResult>;
}

export interface Rule {
  /** Stable id: certification ids S1–S16 and P1–P4, the project's own ids for the rest (README "Validator rules"). */
  id: string;
  /**
   * Microsoft's Swagger Validator catalog code(s) this rule checks. One code: every finding carries
   * it. Several (a family): each finding names its own in Violation.msCode.
   */
  msCode?: string | readonly string[];
  severity: Severity;
  file: string;
  description: string;
  /**
   * Why this level, in a few words: what the platform refuses, or how many certified connectors
   * the rule flags (measured with `bench corpus`; a rule that flags connectors Microsoft passed is a warning).
   */
  evidence: string;
  /** Which parts are checked at a lower level, or not at all, and why. */
  notes?: string;
  check(context: ValidationContext): Violation[] | Promise<Violation[]>;
}

/** Declares a rule module's rule; only checks the shape (as ESLint's rule objects). */
export const defineRule = (rule: Rule): Rule => rule;

/** The catalog codes a rule declares, as a list. */
export const msCodesOf = (rule: Pick<Rule, 'msCode'>): readonly string[] =>
  rule.msCode === undefined ? [] : typeof rule.msCode === 'string' ? [rule.msCode] : rule.msCode;
