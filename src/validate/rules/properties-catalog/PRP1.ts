import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';
import { SWAGGER_VALUE_KEYWORDS } from './swagger-members.ts';

/** Members of a non-body parameter that describe its value; a body parameter says all that in its schema. */
const VALUE_MEMBERS = [...SWAGGER_VALUE_KEYWORDS, 'allowEmptyValue'];

export default defineRule({
  id: 'PRP1',
  msCode: 'BodyParameterPropertyNotValid',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A body parameter describes its value in "schema", not with "type", "format", "enum" and the like.',
  evidence:
    'the Swagger 2.0 schema allows none of these members on a body parameter; flags 0 of 618 certified connectors',
  check(context) {
    if (!context.definition) return [];
    const seen = new Set<string>();
    return definitionIndex(context).parameters.flatMap(({ parameter, definedAt }): Violation[] => {
      if (parameter.in !== 'body' || seen.has(definedAt)) return [];
      seen.add(definedAt);
      return VALUE_MEMBERS.filter((member) => Object.hasOwn(parameter, member)).map((member) => ({
        location: definedAt + pointer(member),
        message: `The body parameter has "${member}", which the platform ignores on a body: makers do not see it.`,
        hint: `Move "${member}" into the parameter's "schema".`,
      }));
    });
  },
});
