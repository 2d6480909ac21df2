import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { pointer } from '../../../shared/json-pointer.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'RSP6',
  msCode: 'ResponseHeadersAreNotUnique',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'A response names each header once, letter case aside (HTTP header names are case-insensitive).',
  evidence: 'flags 0 of 618 certified connectors',
  check(context) {
    if (!context.definition) return [];
    const seenResponses = new Set<string>();
    return definitionIndex(context).responses.flatMap(({ response, definedAt }): Violation[] => {
      if (seenResponses.has(definedAt) || !isObject(response.headers)) return [];
      seenResponses.add(definedAt);
      const seen = new Map<string, string>();
      return Object.keys(response.headers).flatMap((name): Violation[] => {
        const first = seen.get(name.toLowerCase());
        if (first === undefined) {
          seen.set(name.toLowerCase(), name);
          return [];
        }
        return [
          {
            location: `${definedAt}/headers${pointer(name)}`,
            message: `Response header "${name}" is also declared as "${first}"; HTTP header names ignore letter case, so makers would get two outputs for one header.`,
            hint: `Keep one of "${first}" and "${name}".`,
          },
        ];
      });
    });
  },
});
