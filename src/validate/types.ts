/** Shapes shared by the validator's loader, rules and reporters. */

import type { ConnectorFolder } from '../connector-folder/index.ts';
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

/** A connector folder as read (src/connector-folder), with what the validator adds. */
export interface ValidationContext extends ConnectorFolder {
  script?: string;
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
