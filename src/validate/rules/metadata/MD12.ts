import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, notAbove } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD12',
  msCode: 'MinLengthShouldBeLessThanOrEqualToMaxLength',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'minLength is at most maxLength.',
  evidence: 'no value could ever be valid; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'minLength',
    check: notAbove('maxLength'),
    message: 'minLength {{problem}}, so no text fits.',
    hint: 'Correct the bounds so that minLength ≤ maxLength.',
  },
});
