import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonTokens } from '../../../src/renderer/model/json-tokens';

describe('jsonTokens', () => {
  it('tells keys from strings, and numbers, literals and punctuation apart', () => {
    expect(jsonTokens('{"key": "value", "n": -1.5e3, "ok": true, "none": null}').filter((token) => token.kind !== 'text')).toEqual([
      { kind: 'punctuation', text: '{' },
      { kind: 'key', text: '"key"' },
      { kind: 'punctuation', text: ':' },
      { kind: 'string', text: '"value"' },
      { kind: 'punctuation', text: ',' },
      { kind: 'key', text: '"n"' },
      { kind: 'punctuation', text: ':' },
      { kind: 'number', text: '-1.5e3' },
      { kind: 'punctuation', text: ',' },
      { kind: 'key', text: '"ok"' },
      { kind: 'punctuation', text: ':' },
      { kind: 'literal', text: 'true' },
      { kind: 'punctuation', text: ',' },
      { kind: 'key', text: '"none"' },
      { kind: 'punctuation', text: ':' },
      { kind: 'literal', text: 'null' },
      { kind: 'punctuation', text: '}' },
    ]);
  });

  it('keeps an escaped quote inside its string, and ends an unterminated string at its line', () => {
    expect(jsonTokens('"a \\" b"')).toEqual([{ kind: 'string', text: '"a \\" b"' }]);
    expect(jsonTokens('["open\n1]')).toEqual([
      { kind: 'punctuation', text: '[' },
      { kind: 'string', text: '"open' },
      { kind: 'text', text: '\n' },
      { kind: 'number', text: '1' },
      { kind: 'punctuation', text: ']' },
    ]);
  });

  it('gives any text back exactly, JSON or not', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        expect(
          jsonTokens(text)
            .map((token) => token.text)
            .join(''),
        ).toBe(text);
      }),
    );
  });
});
