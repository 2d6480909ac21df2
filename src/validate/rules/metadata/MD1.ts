import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule, absent } from '../../engine/given-then.ts';

export default dataRule({
  id: 'MD1',
  msCode: 'AllowEmptyValueOnlyValidForQueryFormData',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'allowEmptyValue appears only on query and formData parameters.',
  evidence:
    'the Swagger 2.0 specification allows it on query and formData parameters only; flags 0 of 618 certified connectors',
  given: 'parameters',
  where: (target) => target.value.in !== 'query' && target.value.in !== 'formData',
  then: {
    field: 'allowEmptyValue',
    check: absent(),
    message: 'allowEmptyValue is set on a parameter; it applies to query and formData parameters only.',
    hint: 'Remove allowEmptyValue from this parameter.',
  },
});
