import type { FastifyInstance } from 'fastify';

/*
 * Shared data the API tests stand on. The test database is shared by every file and run:
 * read what the loader put there, and make new rows of your own rather than change it.
 */

/** A published, non-sensitive asset, and the LSOA it stands in. */
export async function somePublicAsset(app: FastifyInstance): Promise<{ id: string; lsoaCode: string }> {
  const { rows } = await app.pg.query<{ id: string; lsoaCode: string }>(
    `SELECT id, lsoa_code AS "lsoaCode" FROM public_assets WHERE lsoa_code IS NOT NULL ORDER BY id LIMIT 1`,
  );
  return rows[0]!;
}

/** An LSOA code; with `awayFrom`, one in another local authority than that LSOA. */
export async function someLsoa(app: FastifyInstance, awayFrom?: string): Promise<string> {
  const { rows } = await app.pg.query<{ code: string }>(
    awayFrom
      ? `SELECT code FROM areas WHERE lad_code <> (SELECT lad_code FROM areas WHERE code = $1) ORDER BY code LIMIT 1`
      : `SELECT code FROM areas ORDER BY code LIMIT 1`,
    awayFrom ? [awayFrom] : [],
  );
  return rows[0]!.code;
}

let assetCounter = 0;

/**
 * A new asset of the test's own, at the place of a loaded public asset: pending,
 * published or sensitive as asked. Unpublished and sensitive ones stay out of every public list.
 */
export async function makeAsset(
  app: FastifyInstance,
  options: { reviewState?: 'pending' | 'published'; sensitive?: boolean; createdBy?: string | null } = {},
): Promise<{ id: string; name: string; lsoaCode: string }> {
  const near = await somePublicAsset(app);
  const name = `Test asset ${process.pid}-${Date.now()}-${assetCounter++}`;
  const { rows } = await app.pg.query<{ id: string; lsoaCode: string }>(
    `INSERT INTO assets (name, category_code, geom, location_precision, source, licence, review_state, sensitive, created_by)
     SELECT $1, category_code, geom, 'exact', 'test', 'test', $2, $3, $4 FROM assets WHERE id = $5
     RETURNING id, lsoa_code AS "lsoaCode"`,
    [name, options.reviewState ?? 'pending', options.sensitive ?? false, options.createdBy ?? null, near.id],
  );
  return { ...rows[0]!, name };
}
