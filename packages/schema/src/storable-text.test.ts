import { describe, expect, it } from 'vitest';
import { findUnstorableText, unstorableTextProblem } from './storable-text.js';

describe('unstorableTextProblem', () => {
  it.each(['', 'plain', 'café ☕', 'a 😀 b (a surrogate pair)', 'line\nbreak\ttab\u0001'])('accepts %j', (value) => {
    expect(unstorableTextProblem(value)).toBeNull();
  });

  it('names a NUL and where it is', () => {
    expect(unstorableTextProblem('a\u0000b')).toBe('must not contain a NUL character (U+0000): one is at character 2');
    expect(unstorableTextProblem('lsoa,value\nE01000001,\u00001')).toMatch(/NUL .* at line 2, column 11$/);
  });

  it.each([
    ['a high surrogate alone', 'a\ud800b'],
    ['a high surrogate at the end', 'ab\udbff'],
    ['a low surrogate alone', '\udc00'],
    ['two high surrogates', '\ud83d\ud83d\ude00'],
  ])('refuses %s', (_label, value) => {
    expect(unstorableTextProblem(value)).toMatch(/half of a UTF-16 surrogate pair/);
  });
});

describe('findUnstorableText', () => {
  it('finds nothing in storable values of every JSON type', () => {
    expect(findUnstorableText({ a: 'x', b: [1, true, null, { c: 'ü' }], d: 2.5 })).toEqual([]);
    expect(findUnstorableText('ok')).toEqual([]);
    expect(findUnstorableText(undefined)).toEqual([]);
  });

  it('finds strings deep inside objects and arrays, with their paths', () => {
    const found = findUnstorableText({ asset: { languages: ['en', 'x\u0000'] }, q: '\ud800' });
    expect(found.map((f) => f.path)).toEqual([['asset', 'languages', 1], ['q']]);
  });

  it('finds bad keys, shown with the bad character replaced', () => {
    const found = findUnstorableText({ mapping: { 'na\u0000me': 'x' } });
    expect(found).toMatchObject([{ path: ['mapping', 'na\ufffdme'], message: /^the field's name must not contain a NUL/ }]);
  });

  it('stops at the limit', () => {
    expect(
      findUnstorableText(
        Array.from({ length: 50 }, () => '\u0000'),
        3,
      ),
    ).toHaveLength(3);
  });

  it('walks a value nested far deeper than the call stack allows', () => {
    let deep: unknown = 'bottom\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const found = findUnstorableText(deep);
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toHaveLength(100_000);
  });
});
