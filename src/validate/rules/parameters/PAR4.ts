import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { defineRule, type Violation } from '../../types.ts';

const SECTIONS = [
  { section: 'parameters', what: 'parameter', code: 'ParameterRefLoopNotAllowed' },
  { section: 'responses', what: 'response', code: 'ResponseRefLoopNotAllowed' },
  { section: 'definitions', what: 'schema', code: 'SchemaRefLoopNotAllowed' },
] as const;

export default defineRule({
  id: 'PAR4',
  msCode: SECTIONS.map(({ code }) => code),
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'An entry of #/parameters, #/responses or #/definitions defines something itself instead of being only a "$ref" to another entry.',
  evidence: 'Swagger 2.0 allows no "$ref" as a parameter or response definition; flags 0 of 618 certified connectors',
  check(context) {
    const definition = context.definition;
    if (!definition) return [];
    return SECTIONS.flatMap(({ section, what, code }): Violation[] => {
      const entries = definition[section];
      if (!isObject(entries)) return [];
      return Object.entries(entries).flatMap(([name, entry]): Violation[] =>
        isObject(entry) && typeof entry.$ref === 'string'
          ? [
              {
                msCode: code,
                location: `${pointer(section, name)}/$ref`,
                message: `The ${what} "${name}" is only a reference to another one ("${entry.$ref}").`,
                hint: `Refer to "${entry.$ref}" directly where "${name}" is used, and remove "${name}".`,
              },
            ]
          : [],
      );
    });
  },
});
