import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, enumeration } from '../../engine/given-then.ts';

export default dataRule({
  id: 'NS1',
  msCode: 'CollectionFormatValueNotSupported',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'collectionFormat is "csv" or "multi", the array forms the platform sends.',
  evidence: 'flags 0 of 618 certified connectors; which values the platform refuses is not published, so a warning',
  notes: 'Which values the platform refuses is not published; ssv, tsv and pipes are reported as warnings.',
  given: 'typed',
  then: {
    field: 'collectionFormat',
    check: enumeration(['csv', 'multi']),
    message: 'collectionFormat {{value}} {{problem}}.',
    hint: 'Use "csv" (comma-separated) or, for query and formData parameters, "multi" (the parameter repeated).',
  },
});
