import { printParseErrorCode, visit, type ParseError } from 'jsonc-parser';

/** A JSON file's parse: its size, and its value or where the first syntax error is. */
export interface JsonDocument {
  bytes: number;
  /** Undefined when the text is not valid JSON. */
  value: unknown;
  parseError?: { line: number; column: number; message: string };
  /** Set when the text nests deeper than MAX_JSON_DEPTH: not parsed, so no walk ever sees it. */
  tooDeep?: { line: number; column: number; limit: number };
}

/**
 * The deepest nesting a connector file may have. Certified connectors reach 24 levels; walks over
 * a document (the validator's rules, schema checks) may then recurse without risking the stack.
 */
export const MAX_JSON_DEPTH = 128;

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value when it is a string (empty included), else undefined: a JSON member read as text. */
export function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Offset of the first bracket that opens level `limit + 1` (outside strings), or -1. One pass, no parse. */
function nestingBeyond(text: string, limit: number): number {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // Indentation is most of what lies outside strings in a formatted file: passed over first.
    if (code <= 32) continue;
    if (code === 34) {
      index = endOfString(text, index);
    } else if (code === 91 || code === 123) {
      if (++depth > limit) return index;
    } else if (code === 93 || code === 125) {
      depth--;
    }
  }
  return -1;
}

/**
 * Offset of the quote that closes the string opened at `open` (text.length when none does): the
 * next quote not escaped by an odd run of backslashes. indexOf skips a string's text in one call,
 * and most of a connector definition is the text of its strings.
 */
function endOfString(text: string, open: number): number {
  for (let quote = text.indexOf('"', open + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}

/**
 * Line and column lookups for many offsets of one text: the line starts are found once, then each
 * lookup is a binary search, so a finding per line stays linear instead of rescanning the text.
 */
export function lineIndex(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  };
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < text.length; index++) {
    if (text.charCodeAt(index) === 10) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const PARSE_ERROR_WORDS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'the text continues after the JSON value ends',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfNumber: 'a number is cut off',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'a control character inside a string',
};

/** Parses strict JSON; on failure reports where the first problem is (1-based line and column). */
export function parseJsonDocument(buffer: Buffer): JsonDocument {
  const text = buffer.toString('utf8').replace(/^\uFEFF/, '');
  const tooDeepAt = nestingBeyond(text, MAX_JSON_DEPTH);
  if (tooDeepAt !== -1)
    return {
      bytes: buffer.length,
      value: undefined,
      tooDeep: { ...lineAndColumn(text, tooDeepAt), limit: MAX_JSON_DEPTH },
    };
  try {
    return { bytes: buffer.length, value: JSON.parse(text) };
  } catch {
    const first = firstSyntaxError(text);
    if (!first) {
      // jsonc-parser is more lenient than JSON.parse in rare cases (e.g. lone surrogates): point at the start.
      return {
        bytes: buffer.length,
        value: undefined,
        parseError: { line: 1, column: 1, message: 'the file is not valid JSON' },
      };
    }
    const code = printParseErrorCode(first.error);
    const position = lineAndColumn(text, first.offset);
    return {
      bytes: buffer.length,
      value: undefined,
      parseError: { ...position, message: PARSE_ERROR_WORDS[code] ?? code },
    };
  }
}

/**
 * Where jsonc-parser finds the first syntax error, stopping there: a broken file of 600 KB need not
 * be parsed to its end (and its parser made hot) for one position.
 */
function firstSyntaxError(text: string): ParseError | undefined {
  let first: ParseError | undefined;
  const found = new Error('first syntax error found');
  try {
    visit(
      text,
      {
        onError: (error, offset, length) => {
          first = { error, offset, length };
          throw found;
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (thrown) {
    if (thrown !== found) throw thrown;
  }
  return first;
}
