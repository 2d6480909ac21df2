import { describe, expect, it } from 'vitest';
import { productNamesIn } from '../../src/shared/certification.ts';
import { scanCSharp } from '../../src/validate/rules/csharp.ts';
import { RULES } from '../../src/validate/index.ts';

describe('wording checks', () => {
  it('finds product names with or without the space', () => {
    expect(productNamesIn('Use it from PowerApps or power automate')).toEqual(['Power Apps', 'Power Automate']);
  });
});

describe('C# scan', () => {
  it('blanks comments and strings but keeps offsets, and collects string values', () => {
    const source = 'using X; // "A"\n/* class Script : ScriptBase */ var s = @"say ""hi"""; var t = "B\\"C";\n';
    const { code, strings } = scanCSharp(source);
    expect(code.length).toBe(source.length);
    expect(code).not.toContain('ScriptBase');
    expect(code.split('\n').length).toBe(source.split('\n').length);
    expect(strings.map((s) => s.value)).toEqual(['say "hi"', 'B\\"C']);
  });
});

describe('rule table', () => {
  it('has unique ids and covers every certification id', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [...Array.from({ length: 16 }, (_, i) => `S${i + 1}`), 'P1', 'P2', 'P3', 'P4'])
      expect(ids).toContain(id);
  });
});
