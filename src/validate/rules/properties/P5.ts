import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import {
  CONNECTOR_FILES,
  allConnectionParameters,
  connectionParameterReferences,
  policyTemplates,
} from '../../../connector-folder/index.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { quote } from '../text.ts';

/** Each `@connectionParameters('name')` in a policy names a parameter of the connector (letter case aside, as the platform matches). */
function policyReferences(context: ValidationContext): Violation[] {
  if (!context.properties) return [];
  const known = new Map(
    allConnectionParameters(context.properties).map((parameter) => [parameter.name.toLowerCase(), parameter.name]),
  );
  return policyTemplates(context.properties).flatMap((policy): Violation[] =>
    Object.entries(policy.parameters).flatMap(([key, value]): Violation[] => {
      if (typeof value !== 'string') return [];
      return connectionParameterReferences(value)
        .filter(({ name }) => !known.has(name.toLowerCase()))
        .map(({ name }) => ({
          location: `${policy.pointer}/parameters${pointer(key)}`,
          message: `The policy ${quote(policy.title ?? policy.templateId)} uses the connection parameter ${quote(name)}, which the connector does not define, so it always gets the default.`,
          hint:
            known.size > 0
              ? `Use one of: ${[...known.values()].join(', ')}.`
              : 'Define the connection parameter, or remove the reference.',
        }));
    }),
  );
}

export default defineRule({
  id: 'P5',
  severity: 'warning',
  file: CONNECTOR_FILES.properties,
  description:
    "A policy template's @connectionParameters(…) names a connection parameter of the connector (top level or any parameter set), letter case aside.",
  evidence:
    'flags 1 of 618 certified connectors (Jupyrest names no parameter); 5 more of the 279 references differ from their parameter only in letter case, which the platform matches',
  check: policyReferences,
});
