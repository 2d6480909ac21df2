import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { at, scanned } from './scan.ts';

function ownHttpClient(context: ValidationContext): Violation[] {
  const scan = scanned(context);
  if (!scan) return [];
  return [...scan.code.matchAll(/\bnew\s+HttpClient\s*\(/g)].map((match) => ({
    location: at(context, match.index),
    message: 'The script creates its own HttpClient.',
    hint: 'Send requests with `this.Context.SendAsync(request, this.CancellationToken)` so the platform applies its policies and limits.',
  }));
}

export default defineRule({
  id: 'CSX7',
  severity: 'warning',
  file: CONNECTOR_FILES.script,
  description: 'The script sends requests through Context.SendAsync, not its own HttpClient.',
  evidence: 'certification guidance: flags 0 of 56 certified scripts',
  check: ownHttpClient,
});
