import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule } from '../../engine/given-then.ts';

export default dataRule({
  id: 'PRP3',
  msCode: 'EnumMustContainAtLeastOneElement',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'An "enum" lists at least one value.',
  evidence: 'JSON Schema requires at least one enum value; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'enum',
    check: (value) => (Array.isArray(value) && value.length === 0 ? 'is empty' : undefined),
    message: 'An "enum" lists no value, so no value at all would be allowed.',
    hint: 'List the allowed values, or remove "enum" to allow any value.',
  },
});
