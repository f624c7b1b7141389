import type {
  Category,
  HsdsApiInfo,
  HsdsPaging,
  HsdsService,
  HsdsServicesQuery,
  HsdsTaxonomy,
  HsdsTaxonomyTerm,
} from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { listCategories } from '../categories/categories.repository.js';
import { exportAssetsById, publicSourceTerms } from '../export/export.repository.js';
import { isShareAlike } from '../export/licences.js';
import { searchAssets } from '../search/search.repository.js';
import { resolveSearch } from '../search/search.service.js';
import { assetToService, CATEGORY_TAXONOMY, categoryTerm, categoryTermId } from './hsds-mapping.js';

export const HSDS_PROFILE_URL = 'https://github.com/OpenReferralUK/uk-profile';
export const HSDS_OPENAPI_URL = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json';

/** An HSDS page: the paging fields the profile's `Page` defines, around `contents`. */
export interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

/**
 * The paging fields for page `page` of `total` items, `perPage` a page. `size` is how many
 * items this page holds (the profile: "the number of entities in the current page"); a page
 * past the end is empty and last.
 * @example hsdsPage(45, { page: 3, per_page: 20 }, ['…5 items…']).total_pages // 3
 */
export function hsdsPage<T>(total: number, paging: HsdsPaging, contents: T[]): Page<T> {
  const totalPages = Math.ceil(total / paging.per_page);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: paging.page,
    size: contents.length,
    first_page: paging.page === 1,
    last_page: paging.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

function slice<T>(all: T[], paging: HsdsPaging): Page<T> {
  const from = (paging.page - 1) * paging.per_page;
  return hsdsPage(all.length, paging, all.slice(from, from + paging.per_page));
}

async function categoryMap(db: Queryable): Promise<Map<string, Category>> {
  return new Map((await listCategories(db)).map((c) => [c.code, c]));
}

export async function apiInfo(db: Queryable): Promise<HsdsApiInfo> {
  const sources = await publicSourceTerms(db);
  return {
    version: '3.0',
    profile: HSDS_PROFILE_URL,
    openapi_url: HSDS_OPENAPI_URL,
    x_licences: sources.map((s) => ({
      source: s.code,
      name: s.name,
      licence: s.licence,
      attribution: s.attribution,
      share_alike: isShareAlike(s.licence),
      url: s.url,
    })),
  };
}

/**
 * A page of public services: the search's filters and order (`/api/search`), the words
 * as `search` or `text`, a taxonomy term as our category (with its narrower terms).
 */
export async function servicePage(db: Queryable, query: HsdsServicesQuery): Promise<Page<HsdsService>> {
  const categories = await categoryMap(db);
  let category = query.category;
  if (query.taxonomy_term_id) {
    const term = query.taxonomy_term_id;
    category = [...categories.keys()].find((code) => code === term || categoryTermId(code) === term.toLowerCase());
    if (!category) throw BadRequestError.forParam('querystring.taxonomy_term_id', `no taxonomy term ${term}`);
  }
  if (category && !categories.has(category)) throw BadRequestError.forParam('querystring.category', `no category ${category}`);
  const { filter } = await resolveSearch(db, {
    ...query,
    q: query.q ?? query.search ?? query.text,
    category,
    page: query.page,
    page_size: query.per_page,
  });
  const { total, results } = await searchAssets(db, filter);
  const assets = await exportAssetsById(db, results.map((r) => r.id));
  return hsdsPage(total, query, assets.map((a) => assetToService(a, categories)));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One public service in full; a 404 when there is none (or it is not public). */
export async function serviceById(db: Queryable, id: string): Promise<HsdsService> {
  const [asset] = UUID.test(id) ? await exportAssetsById(db, [id]) : [];
  if (!asset) throw new NotFoundError('service', id);
  return assetToService(asset, await categoryMap(db));
}

export function taxonomyPage(paging: HsdsPaging): Page<HsdsTaxonomy> {
  return slice([CATEGORY_TAXONOMY], paging);
}

export function taxonomyById(id: string): HsdsTaxonomy {
  if (id.toLowerCase() !== CATEGORY_TAXONOMY.id && id !== CATEGORY_TAXONOMY.name) throw new NotFoundError('taxonomy', id);
  return CATEGORY_TAXONOMY;
}

export async function taxonomyTermPage(db: Queryable, paging: HsdsPaging): Promise<Page<HsdsTaxonomyTerm>> {
  return slice((await listCategories(db)).map(categoryTerm), paging);
}

/** A term by its id or our category code. */
export async function taxonomyTermById(db: Queryable, id: string): Promise<HsdsTaxonomyTerm> {
  const term = (await listCategories(db)).map(categoryTerm).find((t) => t.id === id.toLowerCase() || t.code === id);
  if (!term) throw new NotFoundError('taxonomy term', id);
  return term;
}
