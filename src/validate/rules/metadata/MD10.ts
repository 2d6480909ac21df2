import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, notAbove } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD10',
  msCode: 'MinItemsShouldBeLessThanOrEqualToMaxItems',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'minItems is at most maxItems.',
  evidence: 'no value could ever be valid; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'minItems',
    check: notAbove('maxItems'),
    message: 'minItems {{problem}}, so no array fits.',
    hint: 'Correct the bounds so that minItems ≤ maxItems.',
  },
});
