import { hostRule, HOST_NOTE } from '../../compile.ts';

export default hostRule({
  id: 'CSX6',
  severity: 'error',
  description: 'class Script overrides ExecuteAsync.',
  evidence: 'the compiler refuses it (CS0534): ExecuteAsync is abstract; flags 0 of 56 certified scripts',
  notes: HOST_NOTE,
});
