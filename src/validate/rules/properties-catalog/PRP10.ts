import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isObject } from '../../../shared/json.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

export default defineRule({
  id: 'PRP10',
  msCode: 'MissingEnumValuesDisplayName',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Each entry of x-ms-enum-values has a "displayName", the text makers pick from.',
  evidence: 'flags 0 of 618 certified connectors',
  check(context) {
    if (!context.definition) return [];
    return definitionIndex(context)
      .extensionsNamed('x-ms-enum-values')
      .flatMap(({ value, pointer: at }): Violation[] =>
        Array.isArray(value)
          ? value.flatMap((entry, position): Violation[] =>
              isObject(entry) && (typeof entry.displayName !== 'string' || entry.displayName.trim() === '')
                ? [
                    {
                      location: `${at}/${position}`,
                      message: `x-ms-enum-values entry ${JSON.stringify(entry.value)} has no "displayName", so makers see no name for it.`,
                      hint: 'Add "displayName" with the text makers should pick, e.g. { "value": "voip", "displayName": "Calling (VoIP)" }.',
                    },
                  ]
                : [],
            )
          : [],
      );
  },
});
