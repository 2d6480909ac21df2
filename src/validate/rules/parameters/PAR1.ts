import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule } from '../../engine/given-then.ts';

export default dataRule({
  id: 'PAR1',
  msCode: 'FileParameterMustBeInFormData',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A parameter of type "file" is a form field ("in": "formData").',
  evidence: 'the Swagger 2.0 specification allows type "file" in formData only; flags 0 of 618 certified connectors',
  given: 'parameters',
  then: {
    field: 'type',
    check: (value, holder) => (value === 'file' && holder.in !== 'formData' ? 'is "file" outside formData' : undefined),
    message: 'A parameter of type "file" is not a form field; Swagger 2.0 sends files only "in": "formData".',
    hint: 'Set "in": "formData" (and consume "multipart/form-data"), or send the content as a body parameter whose schema is a string of format "binary".',
  },
});
