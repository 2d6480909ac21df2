import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { dataRule } from '../../engine/given-then.ts';

export default dataRule({
  id: 'RSP1',
  msCode: 'BodyParameterSchemaRequired',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A body parameter has a "schema".',
  evidence: "Swagger 2.0 requires a body parameter's schema; flags 0 of 618 certified connectors",
  given: 'parameters',
  then: {
    field: 'schema',
    check: (value, holder) => (holder.in === 'body' && !isObject(value) ? 'is missing' : undefined),
    message: 'A body parameter has no "schema", so neither the platform nor makers know what to send.',
    hint: 'Add "schema", e.g. { "type": "object", "properties": { … } } or a "$ref" to a definition.',
  },
});
