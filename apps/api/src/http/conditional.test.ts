import { describe, expect, it } from 'vitest';
import { notModified, parseIfNoneMatch } from './conditional.js';

describe('If-None-Match (RFC 9110 §13.1.2, weak comparison)', () => {
  const etag = '"abc"';
  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['"x",W/"abc" , "y"', true],
    ['*', true],
    [' * ', true],
    ['"abcd"', false],
    ['abc', false],
    ['', false],
    ['"x", "y"', false],
  ])('%j → %s', (header, expected) => {
    expect(notModified(header, etag)).toBe(expected);
  });

  it('compares a weak ETag we send with a strong one the client sends', () => {
    expect(notModified('"abc"', 'W/"abc"')).toBe(true);
  });

  it('reads a tag holding a comma as one tag', () => {
    expect(parseIfNoneMatch('"a,b", W/"c"')).toEqual({ any: false, tags: ['"a,b"', '"c"'] });
  });

  it('treats no header as no condition', () => {
    expect(notModified(undefined, etag)).toBe(false);
    expect(parseIfNoneMatch(undefined)).toEqual({ any: false, tags: [] });
  });

  it('reads repeated headers as one list', () => {
    expect(notModified(['"x"', 'W/"abc"'], etag)).toBe(true);
  });
});
