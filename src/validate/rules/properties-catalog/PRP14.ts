import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule } from '../../engine/given-then.ts';

export default dataRule({
  id: 'PRP14',
  msCode: 'RequiredPropertyNotOnObject',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: '"required" sits on object schemas only.',
  evidence: 'flags 8 of 618 certified connectors (required on an array or string schema): guidance',
  given: 'schemas',
  then: {
    field: 'required',
    check: (value, holder) =>
      Array.isArray(value) && typeof holder.type === 'string' && holder.type !== 'object'
        ? 'is on a non-object'
        : undefined,
    message: 'A schema that is not an object has a "required" list, which names properties it cannot have.',
    hint: 'Remove "required" here, or put it on the object schema that has these properties.',
  },
});
