import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { defineRule, type Violation } from '../../types.ts';
import { quote } from '../text.ts';

/** Swagger 2.0's security scheme members by type (besides "type", "description" and "x-" extensions). */
const MEMBERS: Record<string, readonly string[]> = {
  basic: [],
  apiKey: ['name', 'in'],
  oauth2: ['flow', 'authorizationUrl', 'tokenUrl', 'scopes'],
};

/** What an OAuth 2.0 flow needs. */
const FLOW_NEEDS: Record<string, readonly string[]> = {
  implicit: ['authorizationUrl', 'scopes'],
  password: ['tokenUrl', 'scopes'],
  application: ['tokenUrl', 'scopes'],
  accessCode: ['authorizationUrl', 'tokenUrl', 'scopes'],
};

export default defineRule({
  id: 'PRP16',
  msCode: ['SecuritySchemePropertyRequired', 'SecuritySchemePropertyNotValid'],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    "Each security definition has the members its type needs (apiKey: name and in; oauth2: flow and what the flow uses) and none of another type's.",
  evidence:
    'a missing member or one of another type flags 0 of 618 certified connectors; an OAuth flow without "scopes" flags 1: a warning',
  check(context) {
    const schemes = context.definition?.securityDefinitions;
    if (!isObject(schemes)) return [];
    const violations: Violation[] = [];
    for (const [name, scheme] of Object.entries(schemes)) {
      if (!isObject(scheme) || typeof scheme.type !== 'string' || !MEMBERS[scheme.type]) continue;
      const at = pointer('securityDefinitions', name);
      const type = scheme.type;
      const needed =
        type === 'apiKey'
          ? ['name', 'in']
          : type === 'oauth2'
            ? ['flow', ...(FLOW_NEEDS[String(scheme.flow)] ?? [])]
            : [];
      for (const member of needed)
        if (scheme[member] === undefined)
          violations.push({
            // Certified connectors leave an OAuth flow's scopes out (the sign-in works without them).
            ...(member === 'scopes' ? { severity: 'warning' as const } : {}),
            msCode: 'SecuritySchemePropertyRequired',
            location: at,
            message: `Security definition "${name}" of type ${type}${type === 'oauth2' && scheme.flow ? ` (flow ${typeof scheme.flow === 'string' ? scheme.flow : quote(scheme.flow)})` : ''} has no "${member}", so the platform cannot sign makers in.`,
            hint: `Add "${member}".`,
          });
      const allowed = new Set(['type', 'description', ...MEMBERS[type]!]);
      for (const member of Object.keys(scheme))
        if (!allowed.has(member) && !member.startsWith('x-'))
          violations.push({
            msCode: 'SecuritySchemePropertyNotValid',
            location: at + pointer(member),
            message: `Security definition "${name}" of type ${type} has "${member}", which that type does not use.`,
            hint: `Remove "${member}", or change "type" if the definition is meant to be of another kind.`,
          });
    }
    return violations;
  },
});
