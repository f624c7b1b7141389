import type { SearchQuery, SearchResults } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError } from '../../errors.js';
import { londonMinuteOfWeek } from '../assets/opening-hours.js';
import { assertCategoryExists } from '../categories/categories.repository.js';
import { postcodeCentre } from '../places/places.repository.js';
import { parsePostcodeQuery } from '../places/postcodes.js';
import { searchAssets } from './search.repository.js';

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

/** Resolves places and times, checks references, then runs the one search query. */
export async function search(db: Queryable, query: SearchQuery, now: Date = new Date()): Promise<SearchResults> {
  await assertCategoryExists(db, query.category, 'querystring.category');
  let near = query.near ?? null;
  let place: SearchResults['place'] = null;
  if (query.postcode) {
    const parsed = parsePostcodeQuery(query.postcode);
    if (!parsed) throw BadRequestError.forParam('querystring.postcode', `${query.postcode} is not a postcode, sector or district`);
    const centre = await postcodeCentre(db, parsed);
    if (!centre) throw BadRequestError.forParam('querystring.postcode', `no English postcode ${parsed.value} in the lookup`);
    near = centre;
    place = { kind: parsed.kind, label: parsed.value, location: { type: 'Point', coordinates: centre } };
  }
  const text = query.q ? query.q.toLowerCase() : null;
  const openAt = query.open_at ? londonMinuteOfWeek(new Date(query.open_at)) : query.open_now ? londonMinuteOfWeek(now) : null;
  const { total, results } = await searchAssets(db, {
    text,
    tsquery: text ? toPrefixTsquery(text) : null,
    category: query.category ?? null,
    abcd: query.abcd ?? null,
    near,
    radius: query.radius,
    bbox: query.bbox ?? null,
    openAt,
    wheelchair: query.wheelchair ?? null,
    free: query.free ?? null,
    age: query.age ?? null,
    limit: query.page_size,
    offset: (query.page - 1) * query.page_size,
  });
  return { total, page: query.page, pageSize: query.page_size, place, results };
}
