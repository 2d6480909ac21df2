import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'PRP7',
  msCode: ['PropertyMustBeRequired', 'InternalPropertyWithDefaultOptional'],
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description:
    'An internal input with a default is required: the platform sends an internal value only when it is required, so an optional one is silently dropped.',
  evidence:
    'an optional internal body property with a default flags 0 of 618 certified connectors; an optional internal parameter with a default flags 9: a warning',
  notes: 'PropertyMustBeRequired is reported on parameters, InternalPropertyWithDefaultOptional on body properties.',
  check(context) {
    if (!context.definition) return [];
    const index = definitionIndex(context);
    const violations: Violation[] = [];
    const seen = new Set<string>();
    for (const { parameter, definedAt } of index.parameters) {
      if (seen.has(definedAt) || parameter.in === 'body') continue;
      seen.add(definedAt);
      if (parameter['x-ms-visibility'] === 'internal' && parameter.default !== undefined && parameter.required !== true)
        violations.push({
          severity: 'warning',
          msCode: 'PropertyMustBeRequired',
          location: definedAt,
          message: `Parameter "${String(parameter.name)}" is internal with a default but optional, so the platform never sends it.`,
          hint: 'Add "required": true so the default is always sent, or make the parameter visible.',
        });
    }
    for (const node of index.schemas) {
      if (node.role !== 'property' || !node.input || node.required) continue;
      if (node.schema['x-ms-visibility'] === 'internal' && node.schema.default !== undefined)
        violations.push({
          msCode: 'InternalPropertyWithDefaultOptional',
          location: node.pointer,
          message: `Body property "${node.name}" is internal with a default but optional, so the platform never sends it.`,
          hint: 'List it in its parent schema\'s "required" so the default is always sent, or make it visible.',
        });
    }
    return violations;
  },
});
