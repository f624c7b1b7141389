import type { Queryable } from '../../db/queryable.js';

/** The organisation names public assets give (as written once each, folded to lower case and trimmed). */
export async function publicOrganisationNames(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT DISTINCT lower(btrim(organisation)) AS name FROM public_assets
     WHERE organisation IS NOT NULL AND btrim(organisation) <> '' AND lifecycle_status <> 'defunct'`,
  );
  return rows.map((r) => r.name);
}
