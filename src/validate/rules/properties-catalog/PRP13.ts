import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'PRP13',
  msCode: 'RequiredPropertyDefinitionMissing',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Each name in an object schema\'s "required" is one of its "properties".',
  evidence: 'flags 0 of 618 certified connectors',
  notes: 'A schema with allOf, or without "properties", is not checked: its properties may come from elsewhere.',
  check(context) {
    if (!context.definition) return [];
    return definitionIndex(context).schemas.flatMap(({ schema, pointer: at }): Violation[] => {
      if (!Array.isArray(schema.required) || !isObject(schema.properties) || schema.allOf !== undefined) return [];
      const properties = schema.properties;
      return schema.required.flatMap((name, position): Violation[] =>
        typeof name === 'string' && !Object.hasOwn(properties, name)
          ? [
              {
                location: `${at}/required/${position}`,
                message: `"${name}" is required but the schema defines no such property, so makers cannot fill it in.`,
                hint: `Add "${name}" to "properties", or remove it from "required" (names are case-sensitive).`,
              },
            ]
          : [],
      );
    });
  },
});
