import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { defineRule } from '../../types.ts';
import { securityRequirements } from './requirements.ts';

export default defineRule({
  id: 'SEC3',
  msCode: 'SecurityRequirementMustHaveEmptyValue',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A security requirement for a basic or apiKey scheme lists no scopes (an empty array).',
  evidence: 'the Swagger 2.0 specification: only oauth2 requirements list scopes; flags 0 of 618 certified connectors',
  notes: 'Swagger 2.0: only oauth2 requirements carry scopes.',
  check: (context) =>
    securityRequirements(context)
      .filter(({ scheme, value }) => scheme && scheme.type !== 'oauth2' && Array.isArray(value) && value.length > 0)
      .map(({ pointer: at, name, scheme }) => ({
        location: at,
        message: `The security requirement "${name}" lists scopes, but its scheme is of type ${JSON.stringify(scheme!.type)}, which has none.`,
        hint: `Use an empty array: "${name}": [].`,
      })),
});
