import type { Queryable } from '../../db/queryable.js';

/**
 * The area rule of mayCurateIn as an SQL condition, for lists filtered to what a worker
 * curates (the moderation queue): true when the worker `userParam` (a uuid parameter) has
 * no area limits, or one of them holds the LSOA `lsoaSql` (a parameter or column).
 * Admins are not limited: callers skip the condition for them.
 */
export function curatesInSql(userParam: string, lsoaSql: string): string {
  return `(NOT EXISTS (SELECT 1 FROM user_area_limits WHERE user_id = ${userParam}::uuid)
           OR EXISTS (
             SELECT 1 FROM user_area_limits l JOIN areas ca ON ca.code = ${lsoaSql}
             WHERE l.user_id = ${userParam}::uuid AND l.area_code IN (ca.code, ca.ward_code, ca.lad_code)
           ))`;
}

/** Whether the worker `userId` curates the LSOA `lsoaCode` (curatesInSql). */
export async function curatesIn(db: Queryable, userId: string, lsoaCode: string | null): Promise<boolean> {
  const { rows } = await db.query<{ allowed: boolean }>(`SELECT ${curatesInSql('$1', '$2')} AS allowed`, [userId, lsoaCode]);
  return rows[0]?.allowed ?? false;
}

/** Whether the worker `userId` has no area limits, or has the whole local authority `ladCode` as one. */
export async function curatesAuthority(db: Queryable, userId: string, ladCode: string): Promise<boolean> {
  const { rows } = await db.query<{ allowed: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM user_area_limits WHERE user_id = $1::uuid)
            OR EXISTS (SELECT 1 FROM user_area_limits WHERE user_id = $1::uuid AND area_code = $2) AS allowed`,
    [userId, ladCode],
  );
  return rows[0]?.allowed ?? false;
}
