import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, notAbove } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD8',
  msCode: 'MinimumShouldBeLessThanOrEqualToMaximum',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'minimum is at most maximum.',
  evidence: 'no value could ever be valid; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'minimum',
    check: notAbove('maximum'),
    message: 'minimum {{problem}}, so no value fits.',
    hint: 'Swap or correct the bounds so that minimum ≤ maximum.',
  },
});
