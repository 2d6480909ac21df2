import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { quote } from '../text.ts';

function swaggerVersion(context: ValidationContext): Violation[] {
  if (!context.definition || context.definition.swagger === '2.0') return [];
  return [
    {
      location: '/swagger',
      message: `${context.definition.swagger === undefined ? 'swagger is missing' : `swagger is ${quote(context.definition.swagger)}`}; connectors must be Swagger "2.0" (OpenAPI 3 is not accepted).`,
      hint: 'Set "swagger": "2.0" and describe the API in Swagger 2.0 form.',
    },
  ];
}

export default defineRule({
  id: 'S1',
  msCode: 'SpecificationVersionIncorrect',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'swagger is "2.0".',
  evidence: 'the service imports Swagger 2.0 only; flags 0 of 618 certified connectors',
  check: swaggerVersion,
});
