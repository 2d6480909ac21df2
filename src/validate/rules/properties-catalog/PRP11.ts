import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { dataRule } from '../../engine/given-then.ts';

export default dataRule({
  id: 'PRP11',
  msCode: 'MultipleOfMustBeGreaterThanZero',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: '"multipleOf" is a number above zero.',
  evidence: 'JSON Schema requires multipleOf above zero; flags 0 of 618 certified connectors',
  given: 'typed',
  then: {
    field: 'multipleOf',
    check: (value) => (typeof value === 'number' && value <= 0 ? 'is not above zero' : undefined),
    message: '"multipleOf" is {{value}}; only a number above zero divides values.',
    hint: 'Use a positive step such as 1 or 0.01, or remove "multipleOf".',
  },
});
