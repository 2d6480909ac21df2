/** Process helpers for the host tests: whether a pid still runs, and waiting for a condition. */

export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Polls `condition` every 100 ms (after its answer, when it must itself wait) for up to `limitMs`; its last answer. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, limitMs: number): Promise<boolean> {
  for (const end = Date.now() + limitMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (await condition()) return true;
  }
  return condition();
}
