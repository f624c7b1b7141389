import { unstorableTextProblem } from '@common-ground/schema';
import fc from 'fast-check';
import { hostileValue } from './hostile-values.js';

/** The part of OpenAPI 3.0's JSON Schema that @fastify/swagger writes from our zod schemas. */
export interface JsonSchema {
  type?: string;
  enum?: unknown[];
  nullable?: boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  default?: unknown;
}

/**
 * A value that depends on the database or the person sending (an asset id, a custom area
 * of the sender's own, a fresh email address): named when requests are generated, looked
 * up when each is sent, so one seed gives the same requests on both engines.
 */
export class Ref {
  constructor(
    readonly key: string,
    readonly arg: number = 0,
  ) {}
}

export const ref = (key: string, arg = 0): fc.Arbitrary<Ref> => fc.constant(new Ref(key, arg));

/** Values for a field, by its name, that get a request past validation (real codes, own ids). */
export type Hints = (name: string) => fc.Arbitrary<unknown> | undefined;

export interface ValueOptions {
  hints: Hints;
  /** Chance in 100 that a leaf is hostile instead of valid. */
  noise: number;
}

/** A zod `.int()` without bounds is written as ±MAX_SAFE_INTEGER: treat it as unbounded. */
const bounded = (n: number | undefined): n is number => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;

/** Readable text without characters that cannot be stored (those are the hostile values' job). */
const text = (minLength: number, maxLength: number) =>
  fc
    .oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }))
    .filter((s) => unstorableTextProblem(s) === null && s.length >= minLength && s.length <= maxLength);

function validString(schema: JsonSchema): fc.Arbitrary<unknown> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 60, Math.max(min, 60));
  switch (schema.format ?? '') {
    case 'uuid':
      return fc.uuid({ version: 4 });
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
    case 'date-time':
      return fc.date({ min: new Date('1990-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    default:
      break;
  }
  if (schema.pattern) {
    try {
      const within = (s: string) => s.length >= min && s.length <= (schema.maxLength ?? Infinity);
      return fc.stringMatching(new RegExp(schema.pattern)).filter(within);
    } catch {
      // A pattern fast-check cannot generate from: plain text, mostly refused, is still a request.
    }
  }
  return text(min, max);
}

function validNumber(schema: JsonSchema): fc.Arbitrary<number> {
  const lo = bounded(schema.minimum) ? schema.minimum : -1000;
  const hi = bounded(schema.maximum) ? schema.maximum : lo + 10_000;
  const open = (x: number) => !(schema.exclusiveMinimum === true && x === schema.minimum) && !(schema.exclusiveMaximum === true && x === schema.maximum);
  if (schema.type === 'integer') return fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }).filter(open);
  return fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }).filter(open);
}

/** A valid value for `schema`, from hints where the field has one. */
export function validValue(schema: JsonSchema, options: ValueOptions, name?: string): fc.Arbitrary<unknown> {
  const hinted = name === undefined ? undefined : options.hints(name);
  const plain = fromSchema(schema, options);
  return hinted ? fc.oneof({ weight: 4, arbitrary: hinted }, { weight: 1, arbitrary: plain }) : plain;
}

/** A value for a field: valid, or now and then (`noise` in 100) hostile. */
export function fieldValue(schema: JsonSchema, options: ValueOptions, name?: string): fc.Arbitrary<unknown> {
  const valid = validValue(schema, options, name);
  if (options.noise <= 0) return valid;
  return fc.oneof({ weight: 100 - options.noise, arbitrary: valid }, { weight: options.noise, arbitrary: hostileValue(schema) });
}

function fromSchema(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<unknown> {
  const value = fromType(schema, options);
  return schema.nullable ? fc.option(value, { nil: null, freq: 6 }) : value;
}

function fromType(schema: JsonSchema, options: ValueOptions): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => fromSchema(s, options)));
  if (schema.allOf) return fromSchema(Object.assign({}, ...schema.allOf) as JsonSchema, options);
  switch (schema.type ?? '') {
    case 'string':
      return validString(schema);
    case 'integer':
    case 'number':
      return validNumber(schema);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const min = schema.minItems ?? 0;
      const max = Math.min(schema.maxItems ?? min + 4, min + 4);
      return fc.array(fieldValue(schema.items ?? {}, options), { minLength: min, maxLength: max });
    }
    case 'object': {
      const properties = schema.properties ?? {};
      const model = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, fieldValue(s, options, key)]));
      return fc.record(model, { requiredKeys: (schema.required ?? []).filter((k) => k in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}
