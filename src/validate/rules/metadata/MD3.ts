import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, requires } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD3',
  msCode: 'ExclusiveMaximumRequiresMaximum',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'exclusiveMaximum comes with maximum.',
  evidence: 'JSON Schema defines the exclusive form only beside its bound; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'exclusiveMaximum',
    check: requires('maximum'),
    message: 'exclusiveMaximum {{problem}}, so it bounds nothing.',
    hint: 'Add "maximum", or remove exclusiveMaximum.',
  },
});
