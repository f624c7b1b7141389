import { CoverageResolver } from '@common-ground/geo';
import type { CoverageOverrideBody, CoverageOverrideParams, CoverageOverrideResult, User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import type { Transact } from '../../db/transaction.js';
import { NotFoundError } from '../../errors.js';
import { assertMayCurateAuthority } from '../access/access.js';
import { insertAudit } from '../auth/auth.repository.js';
import { categoryExists } from '../gaps/gaps.repository.js';
import { ladExists, overrideHistory, readCoverageRows, upsertOverride } from './coverage.repository.js';

/**
 * Coverage with completeness for any category × local authority, as it stands now (the
 * rule: packages/geo coverage.ts; README, "Provision"). One read of the claims, built per request.
 */
export async function coverageResolver(db: Queryable): Promise<CoverageResolver> {
  return new CoverageResolver(await readCoverageRows(db));
}

/** A worker's override, in one transaction with its history row and an audit-log entry. */
export async function setCoverageOverride(
  db: Queryable,
  transact: Transact,
  worker: User,
  params: CoverageOverrideParams,
  body: CoverageOverrideBody,
  ip: string,
): Promise<CoverageOverrideResult> {
  if (!(await categoryExists(db, params.category))) throw new NotFoundError('category', params.category);
  if (!(await ladExists(db, params.lad))) throw new NotFoundError('local authority', params.lad);
  await assertMayCurateAuthority(db, worker, params.lad);
  await transact(async (tx) => {
    const previous = await upsertOverride(tx, { ...params, completeness: body.completeness, reason: body.reason, setBy: worker.id });
    await insertAudit(tx, {
      action: 'coverage_override',
      actorId: worker.id,
      subjectId: null,
      ip,
      details: { category: params.category, lad: params.lad, previous, completeness: body.completeness, reason: body.reason },
    });
  });
  const rows = await readCoverageRows(db);
  const derived = new CoverageResolver({ ...rows, overrides: new Map() }).of(params.category, params.lad);
  return {
    category: params.category,
    lad: params.lad,
    derived,
    completeness: new CoverageResolver(rows).of(params.category, params.lad),
    history: (await overrideHistory(db, params.category, params.lad)).map((h) => ({
      previous: h.previous,
      completeness: h.completeness,
      reason: h.reason,
      setBy: h.setBy,
      setAt: h.setAt,
    })),
  };
}
