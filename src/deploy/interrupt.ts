/**
 * Ctrl+C (SIGINT), a CI runner's cancel (SIGTERM) and Ctrl+Break on Windows (SIGBREAK) during a
 * deploy: instead of Node's default of exiting on the spot, the running tool is stopped through
 * `signal` and the deploy's `finally` blocks run (the temporary pac profile is removed), then the
 * deploy ends with the interruption's error. Further signals while that cleanup runs are absorbed,
 * so a second Ctrl+C cannot leave the profile behind.
 */
export interface InterruptWatch {
  /** Aborts, with the signal's name as reason, when the first signal arrives. */
  signal: AbortSignal;
  /** Stops watching: from then on signals act as Node's defaults again. */
  dispose(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGBREAK'] as const;

export function watchInterrupts(target: NodeJS.EventEmitter = process): InterruptWatch {
  const controller = new AbortController();
  const onSignal = (name: string) => {
    if (!controller.signal.aborted) controller.abort(name);
  };
  for (const name of SIGNALS) target.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of SIGNALS) target.off(name, onSignal);
    },
  };
}
