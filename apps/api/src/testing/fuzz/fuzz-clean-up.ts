import type { FastifyInstance } from 'fastify';

export interface RunTrace {
  /** Everyone the run made or registered, including those whose accounts it deleted. */
  people: string[];
  /** When the run began, by the database's clock. */
  started: Date;
  /** The source code its import files are sent under. */
  sourceCode: string;
}

/**
 * Removes what a fuzz run made: assets (its own and those its imports added), notes,
 * custom areas, need measures, categories, imports, history, then its people. Rows are
 * found by their author, or, where deleting an account cleared the author, by being made
 * during the run with no author: the run is the only writer of its database while it runs
 * (test files run one at a time). Audit entries stay, as every account's do.
 */
export async function cleanUp(app: FastifyInstance, run: RunTrace): Promise<void> {
  const db = app.pg;
  const ids = async (sql: string, params: unknown[]) => (await db.query<{ id: string }>(sql, params)).rows.map((r) => r.id);
  const ours = '(created_by = ANY($1::uuid[]) OR (created_by IS NULL AND created_at >= $2))';
  const imports = await ids(`SELECT id FROM imports WHERE imported_by = ANY($1::uuid[])`, [run.people]);
  const sources = [...new Set([run.sourceCode, ...(await ids(`SELECT DISTINCT source_code AS id FROM imports WHERE id = ANY($1::uuid[])`, [imports]))])];
  const assets = await ids(`SELECT id FROM assets WHERE (${ours} AND source = 'common-ground') OR source = ANY($3::text[])`, [
    run.people,
    run.started,
    sources,
  ]);
  await db.query(`DELETE FROM change_history WHERE entity_type = 'asset' AND entity_id = ANY($1::text[])`, [assets]);
  await db.query(`DELETE FROM asset_sources WHERE import_id = ANY($1::uuid[])`, [imports]);
  await db.query(`DELETE FROM assets WHERE id = ANY($1::uuid[])`, [assets]);
  await db.query(`DELETE FROM imports WHERE id = ANY($1::uuid[])`, [imports]);
  await db.query(`DELETE FROM sources s WHERE code = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM assets a WHERE a.source = s.code)`, [sources]);
  const notes = await ids(`DELETE FROM annotations WHERE author_id = ANY($1::uuid[]) OR (author_id IS NULL AND created_at >= $2) RETURNING id`, [
    run.people,
    run.started,
  ]);
  await db.query(`DELETE FROM change_history WHERE entity_type = 'annotation' AND entity_id = ANY($1::text[])`, [notes]);
  await db.query(`DELETE FROM custom_areas WHERE owner_id = ANY($1::uuid[])`, [run.people]);
  await db.query(`DELETE FROM custom_need_measures WHERE uploaded_by = ANY($1::uuid[]) OR (uploaded_by IS NULL AND created_at >= $2)`, [
    run.people,
    run.started,
  ]);
  const categories = await ids(
    `SELECT entity_id AS id FROM change_history
     WHERE entity_type = 'category' AND action = 'create' AND (actor_id = ANY($1::uuid[]) OR (actor_id IS NULL AND at >= $2))`,
    [run.people, run.started],
  );
  // Children before parents: a run may have made a category under one of its own.
  for (let left = categories.length; left > 0;) {
    const { rowCount } = await db.query(
      `DELETE FROM categories c WHERE code = ANY($1::text[]) AND NOT EXISTS (SELECT 1 FROM categories k WHERE k.parent_code = c.code)`,
      [categories],
    );
    if (!rowCount) break;
    left -= rowCount;
  }
  await db.query(`DELETE FROM change_history WHERE entity_type = 'category' AND entity_id = ANY($1::text[])`, [categories]);
  await db.query(`DELETE FROM users WHERE id = ANY($1::uuid[])`, [run.people]);
}
