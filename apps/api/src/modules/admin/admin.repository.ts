import type { AdminUser, Role } from '@common-ground/schema';
import { isoTime } from '../../db/iso-time.js';
import type { Queryable } from '../../db/queryable.js';

const SELECT_ADMIN_USER = `
  SELECT u.id, u.email, u.display_name AS "displayName", u.role,
         coalesce((SELECT json_agg(json_build_object('code', l.area_code, 'name', coalesce(na.name, l.area_code))
                                   ORDER BY l.area_code)
                     FROM user_area_limits l LEFT JOIN named_areas na ON na.code = l.area_code
                    WHERE l.user_id = u.id), '[]'::json) AS "areaLimits",
         ${isoTime('u.created_at')} AS "createdAt"
    FROM users u`;

/** At most this many people per list: admins narrow it with `q` and `role`. */
export const ADMIN_USER_LIST_LIMIT = 200;

/** `text` as a LIKE pattern that matches it anywhere, its own % and _ taken literally. */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, '\\$&')}%`;

/** People whose email or name contains `q`, with `role`, newest first. */
export async function listUsers(db: Queryable, filter: { q?: string | undefined; role?: Role | undefined }): Promise<AdminUser[]> {
  const { rows } = await db.query<AdminUser>(
    `${SELECT_ADMIN_USER}
      WHERE ($1::text IS NULL OR u.email ILIKE $1 OR u.display_name ILIKE $1)
        AND ($2::text IS NULL OR u.role = $2)
      ORDER BY u.created_at DESC, u.id
      LIMIT ${ADMIN_USER_LIST_LIMIT}`,
    [filter.q ? containing(filter.q) : null, filter.role ?? null],
  );
  return rows;
}

export async function findAdminUser(db: Queryable, id: string): Promise<AdminUser | null> {
  const { rows } = await db.query<AdminUser>(`${SELECT_ADMIN_USER} WHERE u.id = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * Locks a person's row and every admin's (in one order, so two admins demoting each
 * other cannot both succeed): returns the person's role and how many admins there are.
 */
export async function lockPersonAndAdmins(tx: Queryable, id: string): Promise<{ role: Role | null; admins: number }> {
  const { rows } = await tx.query<{ id: string; role: Role }>(`SELECT id, role FROM users WHERE role = 'admin' OR id = $1 ORDER BY id FOR UPDATE`, [id]);
  return { role: rows.find((r) => r.id === id)?.role ?? null, admins: rows.filter((r) => r.role === 'admin').length };
}

/** Locks a person's row; their role, or null when there is no such person. */
export async function lockPerson(tx: Queryable, id: string): Promise<Role | null> {
  const { rows } = await tx.query<{ role: Role }>(`SELECT role FROM users WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0]?.role ?? null;
}

/** The codes among `codes` that name no LSOA, ward or local authority. */
export async function unknownAreaCodes(db: Queryable, codes: string[]): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(
    `SELECT c AS code FROM unnest($1::text[]) AS c WHERE NOT EXISTS (SELECT 1 FROM named_areas na WHERE na.code = c)`,
    [codes],
  );
  return rows.map((r) => r.code);
}

export async function areaLimitCodes(db: Queryable, userId: string): Promise<string[]> {
  const { rows } = await db.query<{ code: string }>(`SELECT area_code AS code FROM user_area_limits WHERE user_id = $1 ORDER BY area_code`, [userId]);
  return rows.map((r) => r.code);
}

export async function replaceAreaLimits(tx: Queryable, userId: string, codes: string[]): Promise<void> {
  await tx.query(`DELETE FROM user_area_limits WHERE user_id = $1`, [userId]);
  await tx.query(`INSERT INTO user_area_limits (user_id, area_code) SELECT $1, unnest($2::text[])`, [userId, codes]);
}
