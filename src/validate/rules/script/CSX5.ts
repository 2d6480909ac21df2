import { hostRule, HOST_NOTE } from '../../compile.ts';

export default hostRule({
  id: 'CSX5',
  severity: 'error',
  description:
    'script.csx compiles as C# 10 against .NET Framework 4.8 with the supported namespaces imported implicitly.',
  evidence: 'the service refuses a script that does not compile; flags 0 of 56 certified scripts',
  notes: `${HOST_NOTE} Each compiler diagnostic keeps its own level: compiler warnings are warnings.`,
});
