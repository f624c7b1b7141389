import type { SearchCoverage, SearchFilters, SearchQuery, SearchResults } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError } from '../../errors.js';
import { londonMinuteOfWeek } from '@common-ground/geo/opening-hours';
import { areaPlace, resolveArea, resolvePostcode } from '../places/places.service.js';
import { coveredAuthorities } from '../gaps/gaps.repository.js';
import { authorityAt, categoryName, categoryNamedBy, searchAssets, type SearchFilter } from './search.repository.js';

/**
 * Words → a prefix tsquery: each word matches itself or any longer word it begins
 * ("gosber" finds "Gosberton"). Only letters and digits reach the query.
 * @example toPrefixTsquery('Food bank!') // 'food:* & bank:*'
 */
export function toPrefixTsquery(text: string): string | null {
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, 12);
  return words.length > 0 ? words.map((w) => `${w}:*`).join(' & ') : null;
}

/** A validated query, its places and times resolved: what the one search statement needs. */
export interface ResolvedSearch {
  filter: SearchFilter;
  place: SearchResults['place'];
}

/**
 * Resolves places and times, checking each reference (400s name the parameter). Without
 * paging (an export), the filter asks for the first page; the caller sets its own limit.
 */
export async function resolveSearch(
  db: Queryable,
  query: SearchFilters & Partial<Pick<SearchQuery, 'page' | 'page_size'>>,
  now: Date = new Date(),
): Promise<ResolvedSearch> {
  const pageSize = query.page_size ?? 20;
  let near = query.near ?? null;
  let place: SearchResults['place'] = null;
  let area: SearchFilter['area'] = null;
  if (query.postcode) {
    place = await resolvePostcode(db, query.postcode, 'querystring.postcode');
    near = place.location.coordinates;
  } else if (query.area) {
    const found = await resolveArea(db, query.area, 'querystring.area');
    place = areaPlace(found);
    area = { kind: found.kind, code: found.code };
  }
  const text = query.q ? query.q.toLowerCase() : null;
  const openAt = query.open_at ? londonMinuteOfWeek(new Date(query.open_at)) : query.open_now ? londonMinuteOfWeek(now) : null;
  const filter: SearchFilter = {
    text,
    tsquery: text ? toPrefixTsquery(text) : null,
    category: query.category ?? null,
    abcd: query.abcd ?? null,
    near,
    radius: query.radius,
    area,
    bbox: query.bbox ?? null,
    openAt,
    wheelchair: query.wheelchair ?? null,
    free: query.free ?? null,
    age: query.age ?? null,
    carersWelcome: query.carers_welcome ?? null,
    volunteersWanted: query.volunteers_wanted ?? null,
    language: query.language ?? null,
    limit: pageSize,
    offset: ((query.page ?? 1) - 1) * pageSize,
  };
  return { filter, place };
}

/** Resolves the query, then runs the one search statement. */
export async function search(db: Queryable, query: SearchQuery, now: Date = new Date()): Promise<SearchResults> {
  const { filter, place } = await resolveSearch(db, query, now);
  const { categoryFound, total, results } = await searchAssets(db, filter);
  if (!categoryFound) throw BadRequestError.forParam('querystring.category', `no category ${query.category}`);
  const coverage = await searchCoverage(db, filter, place);
  return { total, page: query.page, pageSize: query.page_size, place, coverage, results };
}

/**
 * Whether our sources cover the searched category where the search looks, so an empty
 * list can say "we hold no list of food banks for Gloucester" rather than "none found".
 * Only for a search of one category (chosen, or named by its words) around one place.
 */
export async function searchCoverage(db: Queryable, filter: SearchFilter, place: SearchResults['place']): Promise<SearchCoverage | null> {
  const point = place?.location.coordinates ?? filter.near;
  if (!point) return null;
  const category = filter.category
    ? { code: filter.category, name: await categoryName(db, filter.category) }
    : filter.text
      ? await categoryNamedBy(db, filter.text)
      : undefined;
  if (!category?.name) return null;
  const authority = await authorityAt(db, point);
  if (!authority) return null;
  const covered = await coveredAuthorities(db, category.code, [authority.code]);
  return { categoryCode: category.code, categoryName: category.name, placeName: authority.name, covered: covered.has(authority.code) };
}
