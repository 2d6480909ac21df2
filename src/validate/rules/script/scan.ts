import { type ValidationContext } from '../../types.ts';
import { lineIndex } from '../../../shared/json.ts';
import { scanCSharp, type ScannedScript } from '../csharp.ts';

/** The C# scan and line index the static script rules share, computed once per run. */

// The scan and the line index are shared by the script rules of one run.
const scans = new WeakMap<ValidationContext, ScannedScript & { lines: ReturnType<typeof lineIndex> }>();

export function scanned(
  context: ValidationContext,
): (ScannedScript & { lines: ReturnType<typeof lineIndex> }) | undefined {
  if (context.script === undefined) return undefined;
  let scan = scans.get(context);
  if (!scan) {
    scan = { ...scanCSharp(context.script), lines: lineIndex(context.script) };
    scans.set(context, scan);
  }
  return scan;
}

export const at = (context: ValidationContext, offset: number) => `line ${scanned(context)?.lines(offset).line ?? 1}`;
