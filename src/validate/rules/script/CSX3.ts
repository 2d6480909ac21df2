import { hostRule, HOST_NOTE } from '../../compile.ts';

export default hostRule({
  id: 'CSX3',
  severity: 'warning',
  description:
    'Every namespace the script uses (using directives and full type names) is among those Microsoft documents for custom code.',
  evidence:
    'certification guidance, not a compile rule: flags 8 of 56 certified scripts (System.Globalization, System.Collections.Specialized, System.Runtime.Serialization…)',
  notes: `${HOST_NOTE} The documented namespaces are imported implicitly, as on the platform.`,
});
