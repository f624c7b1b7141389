import {
  HSDS_DAYS,
  type Category,
  type HsdsApiInfo,
  type HsdsPaging,
  type HsdsService,
  type HsdsServiceAtLocationItem,
  type HsdsServicesQuery,
  type HsdsTaxonomy,
  type HsdsTaxonomyTerm,
} from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError, NotFoundError } from '../../errors.js';
import { listCategories } from '../categories/categories.repository.js';
import { exportAssetsById, publicSourceTerms } from '../export/export.repository.js';
import { isShareAlike } from '../export/licences.js';
import { searchAssets, type ProfileFilter } from '../search/search.repository.js';
import { resolveSearch } from '../search/search.service.js';
import { assetToService, CATEGORY_TAXONOMY, categoryTerm, categoryTermId, organisationId, serviceAtLocationOf } from './hsds-mapping.js';
import { publicOrganisationNames } from './openreferral.repository.js';

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
 * as `search` or `text`, a taxonomy term as our category (with its narrower terms), and
 * the profile's own filters (profileFilter).
 */
export async function servicePage(db: Queryable, query: HsdsServicesQuery): Promise<Page<HsdsService>> {
  const categories = await categoryMap(db);
  const assets = await filteredAssets(db, query, categories);
  return hsdsPage(
    assets.total,
    query,
    assets.rows.map((a) => assetToService(a, categories)),
  );
}

/**
 * A page of services at locations: each public asset is one service at its one location,
 * so the filters and order are the services' (with the profile's `postcode` and `proximity`).
 */
export async function serviceAtLocationPage(db: Queryable, query: HsdsServicesQuery): Promise<Page<HsdsServiceAtLocationItem>> {
  const categories = await categoryMap(db);
  const assets = await filteredAssets(db, query, categories);
  return hsdsPage(
    assets.total,
    query,
    assets.rows.map((a) => serviceAtLocationOf(assetToService(a, categories))),
  );
}

/** One service at its location, by the service at location's id; a 404 when there is none. */
export async function serviceAtLocationById(db: Queryable, id: string): Promise<HsdsServiceAtLocationItem> {
  // A service's one service_at_location has the service's own id (hsds-mapping.ts).
  const [asset] = UUID.test(id) ? await exportAssetsById(db, [id]) : [];
  if (!asset) throw new NotFoundError('service at location', id);
  return serviceAtLocationOf(assetToService(asset, await categoryMap(db)));
}

async function filteredAssets(db: Queryable, query: HsdsServicesQuery, categories: Map<string, Category>) {
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
    radius: query.proximity ?? query.radius,
    page: query.page,
    page_size: query.per_page,
  });
  const { total, results } = await searchAssets(db, { ...filter, profile: await profileFilter(db, query) });
  return {
    total,
    rows: await exportAssetsById(
      db,
      results.map((r) => r.id),
    ),
  };
}

/** Minutes from midnight of `HH:MM[:SS]` (any offset is dropped: schedules are London time). */
function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map((part) => Number.parseInt(part, 10)) as [number, number];
  return Math.min(hours * 60 + minutes, 1439);
}

/** The Open Referral UK profile's filters of a query, as the search applies them. */
export async function profileFilter(db: Queryable, query: HsdsServicesQuery): Promise<ProfileFilter> {
  let none = query.taxonomy_id !== undefined && query.taxonomy_id.toLowerCase() !== CATEGORY_TAXONOMY.id && query.taxonomy_id !== CATEGORY_TAXONOMY.name;
  let organisation: string | null = null;
  if (query.organization_id) {
    const id = query.organization_id.toLowerCase();
    organisation = (await publicOrganisationNames(db)).find((name) => organisationId(name) === id) ?? null;
    if (organisation === null) none = true;
  }
  const hasSchedule = query.day !== undefined || query.start_time !== undefined || query.end_time !== undefined;
  return {
    none,
    minimumAgeAtLeast: query.minimum_age ?? null,
    maximumAgeAtMost: query.maximum_age ?? null,
    modifiedAfter: query.modified_after ?? null,
    organisation,
    schedule: hasSchedule
      ? {
          day: query.day !== undefined ? HSDS_DAYS.indexOf(query.day) : null,
          startsAtOrAfter: query.start_time !== undefined ? minutesOf(query.start_time) : null,
          endsAtOrBefore: query.end_time !== undefined ? minutesOf(query.end_time) : null,
        }
      : null,
  };
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
