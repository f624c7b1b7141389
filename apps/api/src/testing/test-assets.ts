import type { FastifyInstance } from 'fastify';

/**
 * Assets a test file made, removed with their history when the file ends, so runs on the
 * shared server database do not pile up test assets in the places other tests look at.
 */
export function testAssetTracker(): { add(id: string): string; removeAll(app: FastifyInstance): Promise<void> } {
  const ids: string[] = [];
  return {
    add(id) {
      ids.push(id);
      return id;
    },
    async removeAll(app) {
      if (ids.length === 0) return;
      await app.pg.query(`DELETE FROM change_history WHERE entity_type = 'asset' AND entity_id = ANY($1::text[])`, [ids]);
      await app.pg.query('DELETE FROM assets WHERE id = ANY($1::uuid[])', [ids]);
      ids.length = 0;
    },
  };
}
