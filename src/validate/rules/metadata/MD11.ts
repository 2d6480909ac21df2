import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, atLeast } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD11',
  msCode: 'MinLengthMustBeGreaterThanOrEqualToZero',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'minLength is 0 or more.',
  evidence: 'the Swagger 2.0 schema refuses a negative count or length; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'minLength',
    check: atLeast(0),
    message: 'minLength {{problem}}; a length cannot be negative.',
    hint: 'Use 0 or a positive whole number.',
  },
});
