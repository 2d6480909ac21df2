/** Just enough C# lexing to look at code without comments and string contents. */

export interface ScannedScript {
  /** The source with comments and string/char contents blanked (offsets and newlines kept). */
  code: string;
  /** Values of the string literals, with their offsets. */
  strings: Array<{ value: string; offset: number }>;
}

export function scanCSharp(source: string): ScannedScript {
  const code = source.split('');
  const strings: ScannedScript['strings'] = [];
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (code[i] !== '\n' && code[i] !== '\r') code[i] = ' ';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (
      c === '"' ||
      ((c === '@' || c === '$') && (next === '"' || ((next === '@' || next === '$') && source[i + 2] === '"')))
    ) {
      const prefixEnd = source.indexOf('"', i);
      const verbatim = source.slice(i, prefixEnd).includes('@');
      let j = prefixEnd + 1;
      let value = '';
      while (j < source.length) {
        if (verbatim && source[j] === '"' && source[j + 1] === '"') {
          value += '"';
          j += 2;
          continue;
        }
        if (!verbatim && source[j] === '\\') {
          value += source.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (source[j] === '"' || (!verbatim && source[j] === '\n')) break;
        value += source[j];
        j++;
      }
      strings.push({ value, offset: i });
      blank(prefixEnd + 1, j);
      i = j + 1;
    } else if (c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== "'" && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
    } else {
      i++;
    }
  }
  return { code: code.join(''), strings };
}
