import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { definitionIndex } from '../../engine/definition-index.ts';
import { quote } from '../text.ts';

/**
 * Formats each type is known with: Swagger 2.0's own, JSON Schema's, and those Microsoft's API
 * tooling reads (uuid, duration, decimal…). Swagger leaves "format" open, so another is only a warning.
 */
const FORMATS: Record<string, readonly string[]> = {
  integer: ['int32', 'int64'],
  number: ['float', 'double', 'decimal', 'int32', 'int64'],
  string: [
    'byte',
    'binary',
    'date',
    'date-time',
    'password',
    'email',
    'hostname',
    'ipv4',
    'ipv6',
    'uri',
    'url',
    'uuid',
    'guid',
    'duration',
    'time',
    'date-time-rfc1123',
    'base64url',
    'char',
    'html',
  ],
  file: ['binary'],
  boolean: [],
  array: [],
  object: [],
};

function typesAndFormats(context: ValidationContext): Violation[] {
  if (!context.definition) return [];
  return definitionIndex(context).typed.flatMap(({ pointer: at, value }): Violation[] => {
    const { type, format } = value;
    if (typeof type !== 'string') return [];
    const formats = FORMATS[type];
    if (!formats)
      return [
        {
          location: `${at}/type`,
          message: `The type ${quote(type)} is not a Swagger 2.0 type.`,
          hint: 'Use one of string, number, integer, boolean, array, object (or file for a form upload).',
        },
      ];
    if (format === undefined || (typeof format === 'string' && formats.includes(format.toLowerCase()))) return [];
    return [
      {
        location: `${at}/format`,
        message: `The format ${quote(format)} is not one known for type ${quote(type)}.`,
        hint:
          formats.length > 0
            ? `Use one of ${formats.join(', ')}, or leave "format" out.`
            : `Leave "format" out: type ${type} takes none.`,
      },
    ];
  });
}

export default defineRule({
  id: 'OP6',
  msCode: 'UnrecognizedTypeFormat',
  severity: 'warning',
  file: CONNECTOR_FILES.definition,
  description: 'Every "type" is a Swagger 2.0 type and every "format" one known for its type.',
  evidence:
    'Swagger 2.0 leaves "format" open and the platform takes what certified connectors use: formats other than the known ones, and a "null" type, flag 36 of 618 certified connectors',
  check: typesAndFormats,
});
