import { describe, expect, it } from 'vitest';
import { toPrefixTsquery } from './search.service.js';

describe('toPrefixTsquery', () => {
  it('makes every word a prefix, joined by AND', () => {
    expect(toPrefixTsquery('Food bank!')).toBe('food:* & bank:*');
  });

  it('drops accents and everything that is not a letter or digit', () => {
    expect(toPrefixTsquery("Café & co's (new)")).toBe('cafe:* & co:* & s:* & new:*');
    expect(toPrefixTsquery("'); DROP TABLE assets; --")).toBe('drop:* & table:* & assets:*');
  });

  it('gives null when nothing searchable is left', () => {
    expect(toPrefixTsquery('!!! ---')).toBeNull();
  });
});
