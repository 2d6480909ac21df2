import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, requires } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD4',
  msCode: 'ExclusiveMinimumRequiresMinimum',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'exclusiveMinimum comes with minimum.',
  evidence: 'JSON Schema defines the exclusive form only beside its bound; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'exclusiveMinimum',
    check: requires('minimum'),
    message: 'exclusiveMinimum {{problem}}, so it bounds nothing.',
    hint: 'Add "minimum", or remove exclusiveMinimum.',
  },
});
