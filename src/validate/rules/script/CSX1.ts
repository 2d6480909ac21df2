import { hostRule, HOST_NOTE } from '../../compile.ts';

export default hostRule({
  id: 'CSX1',
  severity: 'error',
  description: 'script.csx is at most 1 MB.',
  evidence: 'the service refuses larger scripts; flags 0 of 56 certified scripts',
  notes: HOST_NOTE,
});
