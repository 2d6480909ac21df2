import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'PRP17',
  msCode: 'TagRedefined',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Each tag in "tags" is declared once.',
  evidence: 'Swagger 2.0 requires unique tag names; flags 0 of 618 certified connectors',
  check(context) {
    const tags = context.definition?.tags;
    if (!Array.isArray(tags)) return [];
    const seen = new Set<string>();
    return tags.flatMap((tag, position): Violation[] => {
      if (!isObject(tag) || typeof tag.name !== 'string') return [];
      if (!seen.has(tag.name)) {
        seen.add(tag.name);
        return [];
      }
      return [
        {
          location: `/tags/${position}`,
          message: `Tag "${tag.name}" is declared more than once.`,
          hint: 'Keep one entry per tag name and merge their descriptions.',
        },
      ];
    });
  },
});
