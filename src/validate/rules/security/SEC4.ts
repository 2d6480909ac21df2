import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { defineRule } from '../../types.ts';
import { securityRequirements } from './requirements.ts';

export default defineRule({
  id: 'SEC4',
  msCode: 'SecurityRequirementMustHaveValue',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Every security requirement has a list as its value (empty when no scopes are needed).',
  evidence: 'the Swagger 2.0 specification requires a list; flags 0 of 618 certified connectors',
  check: (context) =>
    securityRequirements(context)
      .filter(({ value }) => !Array.isArray(value))
      .map(({ pointer: at, name, value }) => ({
        location: at,
        message: `The security requirement "${name}" is ${JSON.stringify(value)}, not a list of scopes.`,
        hint: `Give a list: "${name}": [] when no OAuth scopes are required.`,
      })),
});
