import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES, allConnectionParameters } from '../../../connector-folder/index.ts';
import { quote } from '../text.ts';

const SECRET_WORDS =
  /secret|password|passwd|api[_\s-]?key|access[_\s-]?key|connection[_\s-]?string|token|credential|private[_\s-]?key/i;

/** Every connection parameter, at the top level and in each connectionParameterSet. */
function connectionParameters(context: ValidationContext): Violation[] {
  if (!context.properties) return [];
  return allConnectionParameters(context.properties).flatMap(
    ({ name, definition, displayName, pointer: at }): Violation[] => {
      const violations: Violation[] = [];
      // The published schema also accepts "<name>:<name>" forms such as "token:TenantId".
      if (!/^[0-9a-zA-Z_]+(:[0-9a-zA-Z_]+)?$/.test(name)) {
        violations.push({
          location: at,
          message: `Connection parameter name ${quote(name)} may only hold letters, digits and "_".`,
          hint: 'Rename it, e.g. "api_key".',
        });
      }
      // "token:TenantId" and similar claim forms name what follows the colon.
      const label = `${name.slice(name.lastIndexOf(':') + 1)} ${displayName ?? ''}`;
      if (definition.type === 'string' && SECRET_WORDS.test(label)) {
        violations.push({
          location: `${at}/type`,
          message: `Connection parameter "${name}" holds a secret but has type "string", so it would be shown and stored in clear text.`,
          hint: 'Set "type": "securestring".',
        });
      }
      return violations;
    },
  );
}

export default defineRule({
  id: 'P4',
  severity: 'warning',
  file: CONNECTOR_FILES.properties,
  description:
    'Connection parameter names match ^[0-9a-zA-Z_]+$ (or name:part); a secret is a securestring, at the top level and in every connection parameter set.',
  evidence:
    'certification guidance: flags 12 of 618 certified connectors (11 keep a secret-sounding parameter as "string")',
  notes:
    'A parameter counts as secret when its name or display name speaks of a key, secret, password, token, credential or connection string.',
  check: connectionParameters,
});
