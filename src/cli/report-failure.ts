import { CommanderError } from 'commander';
import { EXIT_STATUS, UserError } from '../shared/errors.ts';
import { redactSecrets } from '../shared/redact.ts';

/** Prints a failure for an admin (one error line and a hint, secrets redacted) and returns the exit status. */
export function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander already printed its message (or the help text); usage errors exit 2.
    return error.exitCode === 0 ? EXIT_STATUS.ok : EXIT_STATUS.usage;
  }
  if (error instanceof UserError) {
    process.stderr.write(`error: ${redactSecrets(error.message)}\n`);
    if (error.hint) process.stderr.write(`hint: ${redactSecrets(error.hint)}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${redactSecrets(message)}\n`);
  // A stack trace helps whoever fixes the fault, not the admin who met it: shown only on request.
  if (process.env.ACS_CONNECTOR_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${redactSecrets(error.stack)}\n`);
  } else {
    process.stderr.write(
      'hint: this looks like a fault in acs-connector itself; please report it with the command you ran (set ACS_CONNECTOR_DEBUG=1 to add the stack trace).\n',
    );
  }
  // Its own status, so that scripts can tell a bug in the tool from a failure or a finding.
  return EXIT_STATUS.fault;
}
