import type { History } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { NotFoundError } from '../../errors.js';
import { changedFields, listHistory } from '../history/history.repository.js';
import { publicSnapshot } from './asset-snapshot.js';
import { findPublicAsset } from './assets.repository.js';
import { findWorkerAsset } from './worker-assets.repository.js';

/*
 * The read side of assets for the routes. Most reads are the repository's own queries
 * (visibility is decided there: public reads select from `public_assets`); the histories
 * add the rule of what the public may see of each version.
 */
export { findPublicAsset, listPublicAssetFeatures } from './assets.repository.js';
export { findWorkerAsset, listWorkerAssets } from './worker-assets.repository.js';

/** A public asset's changes, each version cut to what the public may see (a 404 for any other asset). */
export async function publicAssetHistory(db: Queryable, id: string): Promise<History> {
  if (!(await findPublicAsset(db, id))) throw new NotFoundError('asset', id);
  const entries = await listHistory(db, 'asset', id);
  return {
    entries: entries.map((entry) => {
      const before = publicSnapshot(entry.before);
      const after = publicSnapshot(entry.after);
      return { ...entry, before, after, changed: changedFields(before, after) };
    }),
  };
}

/** Any asset's changes, whole, for workers (a 404 when there is no such asset). */
export async function workerAssetHistory(db: Queryable, id: string): Promise<History> {
  if (!(await findWorkerAsset(db, id))) throw new NotFoundError('asset', id);
  return { entries: await listHistory(db, 'asset', id) };
}
