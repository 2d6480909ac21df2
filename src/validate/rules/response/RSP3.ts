import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule } from '../../engine/given-then.ts';

export default dataRule({
  id: 'RSP3',
  msCode: 'NonBodyParameterSchemaNotValid',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Only a body parameter has a "schema"; others use "type" and its keywords.',
  evidence: 'the Swagger 2.0 schema allows "schema" on body parameters only; flags 0 of 618 certified connectors',
  given: 'parameters',
  then: {
    field: 'schema',
    check: (value, holder) => (value !== undefined && holder.in !== 'body' ? 'is on a non-body parameter' : undefined),
    message: 'A parameter that is not the body has a "schema", which the platform ignores.',
    hint: 'Describe the value with "type" (and "format", "enum", "items"…) on the parameter itself.',
  },
});
