import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule } from '../../engine/given-then.ts';

export default dataRule({
  id: 'ARR1',
  msCode: 'ArrayHasNoItems',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'An array (schema, parameter, its items or a response header) says what its items are.',
  evidence: 'flags 1 of 618 certified connectors (an array property without items): guidance',
  given: 'typed',
  then: {
    check: (_value, holder) => (holder.type === 'array' && holder.items === undefined ? 'has no items' : undefined),
    message: 'An array has no "items": makers get a list of unknown values and cannot use their fields.',
    hint: 'Add "items" with the type of the entries, e.g. "items": { "type": "string" }.',
  },
});
