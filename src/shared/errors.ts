/** Every command's exit statuses, as the README's "Exit status" promises them to scripts. */
export const EXIT_STATUS = {
  ok: 0,
  /** A failure or a finding: errors found, an HTTP status of 400 or more, a breaking change. */
  failure: 1,
  /** A usage error: an unknown flag or operation, a bad value, a folder or file that is not there. */
  usage: 2,
  /** A fault in acs-connector itself. */
  fault: 3,
} as const;

/**
 * An error the person running the tool can act on. The CLI prints its message and hint
 * (never a stack trace) and exits with `exitCode`.
 */
export class UserError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: number;

  constructor(message: string, options: { hint?: string; exitCode?: number } = {}) {
    super(message);
    this.name = 'UserError';
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? EXIT_STATUS.failure;
  }
}
