import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, atLeast } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD5',
  msCode: 'MaxItemsMustBeGreaterThanOrEqualToZero',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'maxItems is 0 or more.',
  evidence: 'the Swagger 2.0 schema refuses a negative count or length; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'maxItems',
    check: atLeast(0),
    message: 'maxItems {{problem}}; a count cannot be negative.',
    hint: 'Use 0 or a positive whole number.',
  },
});
