import { defineRule, type ValidationContext, type Violation } from '../../types.ts';
import { CONNECTOR_FILES } from '../../../connector-folder/index.ts';
import { isUtf8 } from 'node:buffer';

/** Byte offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Buffer): number {
  if (isUtf8(bytes)) return -1;
  for (let index = 0; index < bytes.length;) {
    const lead = bytes[index]!;
    const length =
      lead < 0x80
        ? 1
        : lead >= 0xc2 && lead <= 0xdf
          ? 2
          : lead >= 0xe0 && lead <= 0xef
            ? 3
            : lead >= 0xf0 && lead <= 0xf4
              ? 4
              : 0;
    if (length === 0 || index + length > bytes.length) return index;
    for (let next = 1; next < length; next++) if ((bytes[index + next]! & 0xc0) !== 0x80) return index;
    const second = bytes[index + 1]!;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if (
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f)
    )
      return index;
    index += length;
  }
  return -1;
}

function invalidUtf8(context: ValidationContext): Violation[] {
  return (['definition', 'properties', 'script'] as const).flatMap((key): Violation[] => {
    const bytes = context.raw[key];
    const offset = bytes ? firstInvalidUtf8(bytes) : -1;
    if (offset === -1) return [];
    let line = 1;
    let lineStart = 0;
    for (let index = bytes!.indexOf(10); index !== -1 && index < offset; index = bytes!.indexOf(10, index + 1)) {
      line++;
      lineStart = index + 1;
    }
    return [
      {
        file: CONNECTOR_FILES[key],
        location: `line ${line}, byte ${offset - lineStart + 1}`,
        message: `${CONNECTOR_FILES[key]} is not valid UTF-8: byte 0x${bytes![offset]!.toString(16).padStart(2, '0')} at offset ${offset} cannot start or continue a character, so the platform would read other text than you wrote.`,
        hint: 'Save the file as UTF-8 (most editors offer "Save with encoding"), then check the text around that place.',
      },
    ];
  });
}

export default defineRule({
  id: 'FILE3',
  severity: 'error',
  file: `${CONNECTOR_FILES.definition}, ${CONNECTOR_FILES.properties}, ${CONNECTOR_FILES.script}`,
  description: 'The text files are valid UTF-8.',
  evidence: 'flags 0 of 618 certified connectors',
  notes: 'All 618 certified connectors are; invalid bytes would silently become U+FFFD.',
  check: invalidUtf8,
});
