import { hostRule, HOST_NOTE } from '../../compile.ts';

export default hostRule({
  id: 'CSX2',
  severity: 'error',
  description: 'script.csx declares `public class Script : ScriptBase` with a public parameterless constructor.',
  evidence: 'the service cannot run a script without it; flags 0 of 56 certified scripts',
  notes: `${HOST_NOTE} A class named \`script\` in another case is a warning: Microsoft documents \`Script\`, C# names are case-sensitive, yet published connectors ship \`class script\` and run, so the platform evidently finds it; nothing shows it refused, so we warn instead of blocking a deploy.`,
});
