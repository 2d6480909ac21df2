import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { defineRule, type Violation } from '../../types.ts';
import { securityRequirements } from './requirements.ts';

export default defineRule({
  id: 'SEC1',
  msCode: 'OAuthSecurityRequirementValueMustBeScopeName',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'An OAuth 2.0 security requirement lists only scopes its security definition declares.',
  evidence: 'flags 5 of 618 certified connectors, which the platform accepted',
  check: (context) =>
    securityRequirements(context).flatMap(({ pointer: at, name, value, scheme }): Violation[] => {
      if (scheme?.type !== 'oauth2' || !Array.isArray(value)) return [];
      const scopes = isObject(scheme.scopes) ? scheme.scopes : {};
      return value.flatMap((scope, index): Violation[] =>
        typeof scope === 'string' && Object.hasOwn(scopes, scope)
          ? []
          : [
              {
                location: `${at}/${index}`,
                message: `The security requirement "${name}" asks for scope ${JSON.stringify(scope)}, which securityDefinitions.${name}.scopes does not declare.`,
                hint: `Declare the scope under securityDefinitions.${name}.scopes, or remove it from the requirement.`,
              },
            ],
      );
    }),
});
