import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { dataRule, type FieldCheck } from '../../engine/given-then.ts';

/** The discriminator names a property that the schema requires and types as a string. */
const requiredStringProperty: FieldCheck = (value, schema) => {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return 'is not a property name';
  const required = Array.isArray(schema.required) && schema.required.includes(value);
  const property = isObject(schema.properties) ? schema.properties[value] : undefined;
  if (!isObject(property)) return `names "${value}", which is not a property of the schema`;
  if (!required) return `names "${value}", which is not in "required"`;
  if (property.type !== 'string' && property.$ref === undefined) return `names "${value}", which is not a string`;
  return undefined;
};

export default dataRule({
  id: 'MD2',
  msCode: 'DiscriminatorMustBeARequiredStringProperty',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A discriminator names a required string property of its schema.',
  evidence: 'the Swagger 2.0 specification requires it; flags 0 of 618 certified connectors',
  given: 'schemas',
  then: {
    field: 'discriminator',
    check: requiredStringProperty,
    message: 'discriminator {{problem}}.',
    hint: 'Name a property listed in "required" whose type is "string".',
  },
});
