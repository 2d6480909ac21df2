import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { absent, dataRule } from '../../engine/given-then.ts';

/** JSON Schema keywords that Swagger 2.0 left out of its schema object, and so the platform too. */
const UNSUPPORTED = ['oneOf', 'anyOf', 'not'] as const;

export default dataRule({
  id: 'NS3',
  msCode: 'SwaggerKeywordNotSupported',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Schemas use no JSON Schema keyword that Swagger 2.0 does not have (oneOf, anyOf, not).',
  evidence: 'not Swagger 2.0, and the designer cannot show it; flags 0 of 618 certified connectors',
  given: 'schemas',
  then: UNSUPPORTED.map((keyword) => ({
    field: keyword,
    check: absent(),
    message: `"${keyword}" is not a Swagger 2.0 keyword; the platform ignores it, so makers get no fields from it.`,
    hint: 'Describe the value with properties (and allOf to combine schemas) instead.',
  })),
});
