import { defineRule, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject, type JsonDocument } from '../../../shared/json.ts';

function jsonSyntax(file: string, document: JsonDocument | undefined): Violation[] {
  if (!document) return [];
  if (document.tooDeep) {
    const { line, column, limit } = document.tooDeep;
    return [
      {
        file,
        location: `line ${line}, column ${column}`,
        message: `The JSON is nested more than ${limit} levels deep here, so the file was not checked further (certified connectors nest at most about 25 levels).`,
        hint: 'Flatten the structure; a schema that really is recursive can refer to itself with $ref instead of repeating itself.',
      },
    ];
  }
  if (document.parseError) {
    const { line, column, message } = document.parseError;
    return [
      {
        file,
        location: `line ${line}, column ${column}`,
        message: `Not valid JSON: ${message}. paconn, which deploys the connector, reads the file with a strict JSON parser and refuses it (the Power Platform service's own parser tolerates some slips, such as trailing commas, which is how a few certified connectors carry them).`,
        hint: 'Fix the syntax at that position (JSON allows no comments, no trailing commas, and needs double quotes).',
      },
    ];
  }
  return isObject(document.value)
    ? []
    : [{ file, location: '/', message: 'The file must hold a JSON object.', hint: 'Wrap the content in { … }.' }];
}

export default defineRule({
  id: 'JSON1',
  severity: 'error',
  file: `${CONNECTOR_FILES.definition}, ${CONNECTOR_FILES.properties}`,
  description: 'The file is valid JSON holding an object, nested at most 128 levels (reported with line and column).',
  evidence:
    "paconn refuses it (a strict JSON parser); flags 14 of 618 certified connectors, which the service's more tolerant parser let through: each listed in src/validate/CORPUS.md",
  check: (context) => [
    ...jsonSyntax(CONNECTOR_FILES.definition, context.definitionJson),
    ...jsonSyntax(CONNECTOR_FILES.properties, context.propertiesJson),
  ],
});
