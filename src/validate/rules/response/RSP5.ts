import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

const mediaType = (type: string) => type.split(';')[0]!.trim().toLowerCase();

export default defineRule({
  id: 'RSP5',
  msCode: 'ResponseExampleMustBeProducedByOperation',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A response example is given for a MIME type its operation produces.',
  evidence: 'the maker portal refuses the import with this code; flags 0 of 618 certified connectors',
  notes: 'An operation that declares no "produces" (nor the document) is taken to produce application/json.',
  check(context) {
    const definition = context.definition;
    if (!definition) return [];
    const violations: Violation[] = [];
    for (const { response, definedAt, operation } of definitionIndex(context).responses) {
      if (!operation || !isObject(response.examples)) continue;
      const declared = Array.isArray(operation.operation.produces)
        ? operation.operation.produces
        : Array.isArray(definition.produces)
          ? definition.produces
          : ['application/json'];
      const produced = new Set(declared.filter((type) => typeof type === 'string').map(mediaType));
      const id =
        typeof operation.operation.operationId === 'string' ? operation.operation.operationId : operation.pointer;
      for (const type of Object.keys(response.examples)) {
        if (produced.has(mediaType(type)) || produced.has('*/*')) continue;
        violations.push({
          location: `${definedAt}/examples${pointer(type)}`,
          message: `The response example for "${type}" is for a MIME type that ${id} does not produce.`,
          hint: `Key the example by a type in "produces" (${[...produced].map((known) => `"${known}"`).join(', ') || 'none declared'}), or add "${type}" to "produces".`,
        });
      }
    }
    return violations;
  },
});
