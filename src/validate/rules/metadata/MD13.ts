import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, atLeast } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD13',
  msCode: 'MinPropertiesMustBeGreaterThanOrEqualToZero',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'minProperties is 0 or more.',
  evidence: 'the Swagger 2.0 schema refuses a negative count or length; flags 0 of 618 certified connectors',
  given: 'schemas',
  then: {
    field: 'minProperties',
    check: atLeast(0),
    message: 'minProperties {{problem}}; a count cannot be negative.',
    hint: 'Use 0 or a positive whole number.',
  },
});
