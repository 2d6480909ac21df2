import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { definitionIndex, type SchemaNode } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

/**
 * The functions and operators a table's filter may name: OData's filter operators and functions as
 * Power Apps delegates them. Microsoft does not publish the service's own list.
 */
export const FILTER_FUNCTIONS = [
  'eq',
  'ne',
  'gt',
  'ge',
  'lt',
  'le',
  'and',
  'or',
  'not',
  'add',
  'sub',
  'mul',
  'div',
  'mod',
  'negate',
  'contains',
  'startswith',
  'endswith',
  'length',
  'indexof',
  'substring',
  'tolower',
  'toupper',
  'trim',
  'concat',
  'year',
  'month',
  'day',
  'hour',
  'minute',
  'second',
  'date',
  'time',
  'now',
  'round',
  'floor',
  'ceiling',
  'null',
  'in',
  'sum',
  'min',
  'max',
  'average',
  'countdistinct',
];

export default defineRule({
  id: 'PRP6',
  msCode: [
    'FilterFunctionsPropertyEmpty',
    'FilterFunctionsPropertyHasDuplicates',
    'FilterFunctionsPropertyInInputSchema',
    'FilterFunctionsPropertyInvalidValue',
  ],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'x-ms-capabilities "filterFunctions" sits in a response schema and lists known filter functions, each once, at least one.',
  evidence: 'flags 0 of 618 certified connectors (none declares filterFunctions)',
  notes: `Known functions: ${FILTER_FUNCTIONS.join(', ')} (OData's, as Power Apps delegates them; the service's own list is not published).`,
  check(context) {
    if (!context.definition) return [];
    const index = definitionIndex(context);
    const violations: Violation[] = [];
    for (const extension of index.extensionsNamed('x-ms-capabilities')) {
      if (!isObject(extension.value) || !Object.hasOwn(extension.value, 'filterFunctions')) continue;
      const functions = extension.value.filterFunctions;
      const at = `${extension.pointer}/filterFunctions`;
      const node: SchemaNode | undefined = index.schemaAt(extension.holderPointer);
      if (!node || (node.input && !node.output))
        violations.push({
          msCode: 'FilterFunctionsPropertyInInputSchema',
          location: at,
          message:
            '"filterFunctions" describes how a returned table can be filtered, but it sits outside a response schema.',
          hint: 'Move x-ms-capabilities with "filterFunctions" to the schema of the response that returns the table.',
        });
      if (!Array.isArray(functions) || functions.length === 0) {
        violations.push({
          msCode: 'FilterFunctionsPropertyEmpty',
          location: at,
          message: '"filterFunctions" lists no function.',
          hint: 'List the functions the service can filter by, e.g. ["eq", "ne", "startswith"], or remove "filterFunctions".',
        });
        continue;
      }
      const seen = new Set<unknown>();
      functions.forEach((name, position) => {
        if (seen.has(name))
          violations.push({
            msCode: 'FilterFunctionsPropertyHasDuplicates',
            location: `${at}/${position}`,
            message: `"filterFunctions" lists ${JSON.stringify(name)} more than once.`,
            hint: 'List each function once.',
          });
        seen.add(name);
        if (typeof name !== 'string' || !FILTER_FUNCTIONS.includes(name))
          violations.push({
            msCode: 'FilterFunctionsPropertyInvalidValue',
            location: `${at}/${position}`,
            message: `"filterFunctions" lists ${JSON.stringify(name)}, which is not a filter function the platform knows.`,
            hint: 'Use OData filter function names in lowercase, e.g. "eq", "contains", "startswith" (see `validate --rules`).',
          });
      });
    }
    return violations;
  },
});
