import fc from 'fast-check';
import type { JsonSchema } from './schema-values.js';

/*
 * Values a careless or hostile client sends: text PostgreSQL cannot store, numbers beyond
 * every column, wrong types, unknown enum values, empty and overlong values, and whole
 * bodies that are deep, huge or not JSON at all. None of them may cause a 5xx.
 */

/** Text PostgreSQL cannot store: a NUL, lone surrogates. */
export const UNSTORABLE_STRINGS: readonly string[] = ['\u0000', 'a\u0000b', '\ud800', 'x\udfff', 'ok \ud83d'];

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\t\n\r',
  'x'.repeat(5000),
  'é'.repeat(300),
  '😀'.repeat(100),
  "'; DROP TABLE assets; --",
  '%',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-0',
  '0x1F',
  '9'.repeat(40),
  '-9'.repeat(20),
  '1.5',
  'no-such-value',
  '\\',
  '"',
  '\u202e\u200b',
  '\ufeff',
  '\uffff',
  '\u0001\u001f',
  '2024-02-30T25:61:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-19T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  'E01999999',
  'E00000000',
  'need:no-such-measure',
  'ZZ99 9ZZ',
  '-200,100',
  '1,2,3,4,5',
  '0,0,0,0',
  '-180,-90,180,90',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

export const HOSTILE_NUMBERS: readonly number[] = [
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  2_147_483_647,
  2_147_483_648,
  -2_147_483_648,
  -2_147_483_649,
  32_767,
  32_768,
  -32_769,
  1e21,
  1e308,
  -1e308,
  5e-324,
  0.5,
  -0.5,
  -1,
  0,
  1.0000000001,
  123_456_789.123,
];

export const WRONG_TYPES: readonly unknown[] = [null, true, false, {}, [], { a: 1 }, [1, 'a'], [[[]]], { '': '' }];

/** Just outside a schema's own bounds: one past the maximum, below the minimum, over the length, an unknown enum value. */
function edgesOf(schema: JsonSchema): unknown[] {
  const edges: unknown[] = [];
  if (typeof schema.maximum === 'number') edges.push(schema.maximum + 1, schema.maximum + 0.5);
  if (typeof schema.minimum === 'number') edges.push(schema.minimum - 1, schema.minimum - 0.5);
  if (typeof schema.maxLength === 'number') edges.push('x'.repeat(schema.maxLength + 1));
  if (typeof schema.minLength === 'number' && schema.minLength > 0) edges.push('x'.repeat(schema.minLength - 1));
  if (typeof schema.maxItems === 'number' && schema.maxItems <= 2000) edges.push(Array.from({ length: schema.maxItems + 1 }, () => 'x'));
  if (schema.enum) edges.push(`${String(schema.enum[0])}-unknown`, String(schema.enum[0]).toUpperCase());
  return edges;
}

/** What kind of value a schema wants, as far as choosing hostile values goes. */
function kindOf(schema: JsonSchema): 'number' | 'string' | 'other' {
  const types = [schema, ...(schema.anyOf ?? schema.oneOf ?? [])].map((s) => s.type);
  if (types.some((t) => t === 'integer' || t === 'number')) return 'number';
  if (types.some((t) => t === 'string')) return 'string';
  return 'other';
}

/**
 * One hostile value for a field described by `schema`, weighted to what hurts that kind
 * of field most: numbers beyond its column for a number, text that cannot be stored for a
 * string; any field also gets wrong types and values just outside its own bounds.
 */
export function hostileValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const edges = edgesOf(schema);
  const kind = kindOf(schema);
  const weights = { number: [1, 1, 6, 1], string: [5, 3, 1, 1], other: [2, 2, 2, 3] }[kind];
  return fc.oneof(
    { weight: weights[0]!, arbitrary: fc.constantFrom(...UNSTORABLE_STRINGS) },
    { weight: weights[1]!, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: weights[2]!, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
    { weight: weights[3]!, arbitrary: fc.constantFrom(...WRONG_TYPES) },
    { weight: edges.length > 0 ? 3 : 0, arbitrary: edges.length > 0 ? fc.constantFrom(...edges) : fc.constant(null) },
    // Any text at all, NULs and lone surrogates included.
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  );
}

/**
 * One value of each hostile class for a field: the sweep sends each, so no field goes
 * without its worst cases however the random draws fall.
 */
export function hostileClasses(schema: JsonSchema): unknown[] {
  const common = ['a\u0000b', 'x\ud800', {}, null];
  switch (kindOf(schema)) {
    case 'number':
      return [...common, 2_147_483_648, -2_147_483_649, Number.MAX_SAFE_INTEGER, 1e308, -1, 0.5, '12', ...edgesOf(schema).slice(0, 2)];
    case 'string':
      return [...common, '', 'x'.repeat(5000), 2_147_483_648, ['a'], ...edgesOf(schema).slice(0, 3)];
    case 'other':
      return [...common, 'text', 2_147_483_648, [[[[]]]]];
  }
}

/** A JSON text nested `depth` deep: `[[[…]]]` or `{"a":{"a":…}}`. */
const deepJson = (depth: number, kind: 'array' | 'object'): string =>
  kind === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** A whole body that is hostile in itself: raw text with its content type. */
export interface RawBody {
  payload: string;
  contentType: string | null;
}

export const HOSTILE_BODIES: readonly RawBody[] = [
  { payload: deepJson(5000, 'array'), contentType: 'application/json' },
  { payload: deepJson(3000, 'object'), contentType: 'application/json' },
  { payload: JSON.stringify(Array.from({ length: 8000 }, (_, i) => i)), contentType: 'application/json' },
  { payload: JSON.stringify({ name: 'x'.repeat(60_000) }), contentType: 'application/json' },
  { payload: JSON.stringify(Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, i]))), contentType: 'application/json' },
  { payload: 'null', contentType: 'application/json' },
  { payload: '0', contentType: 'application/json' },
  { payload: '"text"', contentType: 'application/json' },
  { payload: '[]', contentType: 'application/json' },
  { payload: '{}', contentType: 'application/json' },
  { payload: '{"__proto__":{"polluted":true}}', contentType: 'application/json' },
  { payload: '{"constructor":{"prototype":{"polluted":true}}}', contentType: 'application/json' },
  { payload: '{"a":', contentType: 'application/json' },
  { payload: '', contentType: 'application/json' },
  { payload: '{"name":"\\u0000","\\ud800":"\\udc00"}', contentType: 'application/json' },
  { payload: 'name=x&postcode=y', contentType: 'application/x-www-form-urlencoded' },
  { payload: 'plain words', contentType: 'text/plain' },
  { payload: '<xml/>', contentType: 'application/xml' },
  { payload: '{"name":"x"}', contentType: null },
  { payload: '{"name":"x"}', contentType: 'application/json; charset=latin1' },
];

/** A query string that is hostile as a whole: very many, repeated or odd keys. */
export const HOSTILE_QUERIES: readonly string[] = [
  Array.from({ length: 300 }, (_, i) => `k${i}=${i}`).join('&'),
  'q=a&q=b&q=c&limit=1&limit=2',
  'a%00b=1',
  'q[]=x&q[a]=y',
  `q=${'x'.repeat(4000)}`,
  '&&&==&',
  'q',
  '%',
  'limit=%FF%FE',
];
