import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, atLeast } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD7',
  msCode: 'MaxPropertiesMustBeGreaterThanOrEqualToZero',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'maxProperties is 0 or more.',
  evidence: 'the Swagger 2.0 schema refuses a negative count or length; flags 0 of 618 certified connectors',
  given: 'schemas',
  then: {
    field: 'maxProperties',
    check: atLeast(0),
    message: 'maxProperties {{problem}}; a count cannot be negative.',
    hint: 'Use 0 or a positive whole number.',
  },
});
