import { hostRule, HOST_NOTE } from '../../compile.ts';
import { MAX_SCRIPT_BYTES, platformSize } from '../../../shared/platform-limits.ts';

export default hostRule({
  id: 'CSX1',
  severity: 'error',
  description: `script.csx is at most ${platformSize(MAX_SCRIPT_BYTES)}.`,
  evidence: 'the service refuses larger scripts; flags 0 of 56 certified scripts',
  notes: HOST_NOTE,
});
