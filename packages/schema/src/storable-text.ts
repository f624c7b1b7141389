/*
 * Text that PostgreSQL can store. Two things a JavaScript string can hold cannot be stored in
 * a `text` column on either engine: the NUL character (U+0000; PostgreSQL refuses it,
 * SQLSTATE 22021 or 22P05) and a lone UTF-16 surrogate (half of a pair, U+D800–U+DFFF, which
 * has no UTF-8 form; JSON's "\ud800" makes one). Both are refused where they come in, naming
 * the field, rather than failing deep inside a query.
 */

/** A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Where in a string a character is, in words a person can find it by. */
function position(value: string, index: number): string {
  const before = value.slice(0, index);
  const line = before.split('\n').length;
  if (line === 1) return `at character ${index + 1}`;
  return `at line ${line}, column ${index - before.lastIndexOf('\n')}`;
}

/**
 * Why `value` cannot be stored as PostgreSQL text, or null when it can.
 * @example unstorableTextProblem('a\u0000b') // 'must not contain a NUL character (U+0000): one is at character 2'
 */
export function unstorableTextProblem(value: string): string | null {
  const found = UNSTORABLE.exec(value);
  if (!found) return null;
  const where = position(value, found.index);
  return found[0] === '\u0000'
    ? `must not contain a NUL character (U+0000): one is ${where}`
    : `must not contain half of a UTF-16 surrogate pair (U+D800–U+DFFF on its own, which is not a character): one is ${where}`;
}

/** A string (or object key) that cannot be stored, with the path to it. */
export interface UnstorableText {
  path: (string | number)[];
  message: string;
}

/**
 * `value` with each character PostgreSQL cannot store replaced by U+FFFD (�), for showing
 * where it came from (a path, a rejected record's name) without storing or sending it.
 * @example withUnstorableReplaced('a\u0000b') // 'a�b'
 */
export const withUnstorableReplaced = (value: string): string => value.replace(new RegExp(UNSTORABLE.source, 'g'), '\ufffd');

/** A place in the value being walked; paths are built only for what is reported (a path per node would be quadratic in depth). */
interface Step {
  value: unknown;
  key: string | number | null;
  parent: Step | null;
}

const pathOf = (step: Step): (string | number)[] => {
  const path: (string | number)[] = [];
  for (let s: Step | null = step; s?.key != null; s = s.parent) path.push(s.key);
  return path.reverse();
};

/**
 * Every string in a parsed JSON-like value (query, params, body) that PostgreSQL cannot store
 * as text, object keys included, with its path; at most `limit` of them. Walks with its own
 * stack rather than recursion, so a body nested thousands deep cannot exhaust the call stack.
 * @example findUnstorableText({ q: 'a\u0000' }) // [{ path: ['q'], message: 'must not contain a NUL character …' }]
 */
export function findUnstorableText(value: unknown, limit = 10): UnstorableText[] {
  const found: UnstorableText[] = [];
  const stack: Step[] = [{ value, key: null, parent: null }];
  while (stack.length > 0 && found.length < limit) {
    const step = stack.pop()!;
    const current = step.value;
    if (typeof current === 'string') {
      const problem = unstorableTextProblem(current);
      if (problem) found.push({ path: pathOf(step), message: problem });
    } else if (Array.isArray(current)) {
      const items: readonly unknown[] = current;
      for (let i = items.length - 1; i >= 0; i--) stack.push({ value: items[i], key: i, parent: step });
    } else if (typeof current === 'object' && current !== null) {
      const entries: [string, unknown][] = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        const childStep = { value: child, key: withUnstorableReplaced(key), parent: step };
        const keyProblem = unstorableTextProblem(key);
        if (keyProblem) found.push({ path: pathOf(childStep), message: `the field's name ${keyProblem}` });
        stack.push(childStep);
      }
    }
  }
  return found.slice(0, limit);
}
