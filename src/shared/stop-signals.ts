/**
 * The signals that ask a long-running command (the emulator, a server) to stop cleanly: Ctrl+C,
 * a termination request, the terminal closing (SIGHUP, which Node also raises on Windows when the
 * console window closes) and Ctrl+Break on Windows. When Windows ends a process outright (Task
 * Manager, TerminateProcess) no handler runs at all, so nothing may depend on one: state is written
 * atomically as it changes, and the script host ends by itself when its caller's channel closes.
 */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'];

/** Resolves with the first stop signal received; the handlers are removed again. */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      for (const name of STOP_SIGNALS) process.off(name, stop);
      resolve(signal);
    };
    for (const name of STOP_SIGNALS) process.on(name, stop);
  });
}
