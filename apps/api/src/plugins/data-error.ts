import type { ErrorBody } from '@common-ground/schema';
import pg from 'pg';

/** Plain words for the data exceptions (SQLSTATE class 22) a request's values can cause. */
const MEANINGS: Record<string, string> = {
  '22001': 'a piece of text in the request is longer than can be stored',
  '22003': 'a number in the request is out of range',
  '22007': 'a date or time in the request is not in a form that can be read',
  '22008': 'a date or time in the request is out of range',
  '22021': 'text in the request holds a character that cannot be stored (such as NUL)',
  '22P02': 'a value in the request is not in the form it needs',
  '22P05': 'text in the request holds a character that cannot be stored (such as NUL)',
};

/**
 * The 400 for a database error that a request's own values caused, or null for any other
 * error. Class 22 ("data exception": a number out of range, text too long or holding NUL,
 * an unreadable date or number) is a value the caller sent that the schemas let through;
 * it says nothing about the server's health, so it is the caller's 400, not our 500. The
 * schemas are the first line (they bound every value to its column); this is the backstop
 * for one they missed. The statement failed, so its transaction rolled back: nothing was
 * half-written.
 * @example dataErrorOf(Object.assign(new pg.DatabaseError('value "9e9" is out of range for type integer', 0, 'error'), { code: '22003' }))
 *   // { code: 'invalid_request', message: 'A number in the request is out of range. …' }
 */
export function dataErrorOf(error: unknown): ErrorBody | null {
  if (!(error instanceof pg.DatabaseError) || typeof error.code !== 'string' || !error.code.startsWith('22')) return null;
  const meaning = MEANINGS[error.code] ?? 'a value in the request is not valid';
  return {
    code: 'invalid_request',
    message: `${meaning[0]!.toUpperCase()}${meaning.slice(1)}. Check the values sent and try again.`,
  };
}
