import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { defineRule } from '../../types.ts';
import { securityRequirements } from './requirements.ts';

export default defineRule({
  id: 'SEC2',
  msCode: 'SecurityRequirementMustBeDefined',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'Every security requirement names an entry of securityDefinitions.',
  evidence: 'flags 27 of 618 certified connectors, which the platform accepted (the requirement is then ignored)',
  check: (context) =>
    securityRequirements(context)
      .filter(({ scheme }) => scheme === undefined)
      .map(({ pointer: at, name }) => ({
        location: at,
        message: `The security requirement "${name}" names no entry of securityDefinitions.`,
        hint: `Define "${name}" under securityDefinitions, or name one that is defined there.`,
      })),
});
