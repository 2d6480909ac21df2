import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { defineRule, type Violation } from '../../types.ts';

/** type/subtype with RFC 6838 name characters (a range such as application/*+json too), optionally with parameters. */
const MIME_TYPE = /^(?:\*|[A-Za-z0-9][\w!#$&^.+-]*)\/[\w!#$&^.+*-]+(?:\s*;.*)?$/;

export default defineRule({
  id: 'PRP9',
  msCode: 'MimeTypeNotValid',
  severity: 'error',
  file: CONNECTOR_FILES.definition,
  description: 'Each entry of "consumes" and "produces" is a MIME type ("type/subtype").',
  evidence: 'flags 0 of 618 certified connectors',
  check(context) {
    const definition = context.definition;
    if (!definition) return [];
    const holders: Array<[Record<string, unknown>, string]> = [
      [definition, ''],
      ...definitionIndex(context).operations.map((entry): [Record<string, unknown>, string] => [
        entry.operation,
        entry.pointer,
      ]),
    ];
    return holders.flatMap(([holder, at]) =>
      (['consumes', 'produces'] as const).flatMap((key): Violation[] => {
        const list = holder[key];
        if (!Array.isArray(list)) return [];
        return list.flatMap((type, position): Violation[] =>
          typeof type === 'string' && MIME_TYPE.test(type.trim())
            ? []
            : [
                {
                  location: `${at}/${key}/${position}`,
                  message: `${JSON.stringify(type)} in "${key}" is not a MIME type.`,
                  hint: 'Write it as type/subtype, e.g. "application/json".',
                },
              ],
        );
      }),
    );
  },
});
