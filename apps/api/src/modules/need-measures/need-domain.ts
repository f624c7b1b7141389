import { DEPRIVATION_DOMAIN_LABELS, parseNeedDomain, type NeedDomain, type User } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError } from '../../errors.js';
import { isWorker } from '../access/access.js';
import { findMeasure } from './need-measures.repository.js';

/*
 * The one place a need domain is turned into something to rank by: an IoD 2025 domain
 * ('imd', 'income', …) or a custom measure ('need:<slug>'). Everything that takes a domain
 * (gaps and its CSV, the deprivation table) resolves it here, so who may see a custom
 * measure is decided once. SQL then reads deciles through need_values(domain) (012).
 */

export interface ResolvedNeed {
  domain: NeedDomain;
  /** In words, for methods and headings. */
  label: string;
  /** The custom measure's id, when custom. */
  measureId: string | null;
  /**
   * Whether everyone may read it. An answer built on a workers-only measure must be
   * `private, no-store` (noStore), never a shared, cacheable one.
   */
  public: boolean;
}

/**
 * The domain, or undefined when it names no custom measure the viewer may see. A
 * workers-only measure is answered exactly as one that does not exist, so the public
 * cannot learn which licensed indexes are loaded.
 */
export async function resolveNeedDomain(db: Queryable, domain: NeedDomain, viewer: User | null): Promise<ResolvedNeed | undefined> {
  const parsed = parseNeedDomain(domain);
  if (parsed.kind === 'iod') return { domain, label: DEPRIVATION_DOMAIN_LABELS[parsed.domain], measureId: null, public: true };
  const measure = await findMeasure(db, parsed.slug);
  if (!measure || (measure.visibility !== 'public' && !isWorker(viewer))) return undefined;
  return { domain, label: measure.name, measureId: measure.id, public: measure.visibility === 'public' };
}

/** resolveNeedDomain, or the 400 a query parameter gets (the same for unknown and not yours). */
export async function needDomainOrBadRequest(db: Queryable, domain: NeedDomain, viewer: User | null, path: string): Promise<ResolvedNeed> {
  const need = await resolveNeedDomain(db, domain, viewer);
  if (!need) throw BadRequestError.forParam(path, `no need measure ${domain}: see GET /api/need-measures for those you may use`);
  return need;
}
