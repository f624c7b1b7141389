import type { Suggestion, SuggestQuery, SuggestResults } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { areasStartingWith } from '../places/areas.repository.js';
import { postcodeCentre } from '../places/places.repository.js';
import { areaDetail } from '../places/places.service.js';
import { parsePostcodeQuery, type PostcodeQuery } from '../places/postcodes.js';
import { searchAssets } from '../search/search.repository.js';
import { toPrefixTsquery } from '../search/search.service.js';
import { categoriesMatching } from './suggest.repository.js';

/**
 * What someone may mean by a partial postcode: the whole unit, sector or district when it
 * is one, or the sector of a unit being typed ("GL1 2T" → "GL1 2").
 * @example postcodeCandidates('gl1 2t') // [{ kind: 'sector', value: 'GL1 2' }]
 */
export function postcodeCandidates(input: string): PostcodeQuery[] {
  const parsed = parsePostcodeQuery(input);
  if (parsed) return [parsed];
  const typing = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])[A-Z]$/.exec(input.toUpperCase().trim().replace(/\s+/g, ' '));
  return typing ? [{ kind: 'sector', value: `${typing[1]} ${typing[2]}` }] : [];
}

const POSTCODE_DETAIL: Record<PostcodeQuery['kind'], string> = {
  postcode: 'postcode',
  sector: 'postcode sector',
  district: 'postcode district',
};

/**
 * Suggestions for a search box, in the order it shows them: categories, places
 * (postcodes, then local authorities, wards and LSOAs by name), then public assets.
 * Each kind is one small indexed query; sensitive and unpublished assets never appear
 * (the asset part is the search itself, which reads only public_assets).
 */
export async function suggest(db: Queryable, query: SuggestQuery): Promise<SuggestResults> {
  const text = query.q.toLowerCase();
  const [categories, postcodes, areas, assets] = await Promise.all([
    categoriesMatching(db, text, query.limit),
    Promise.all(
      postcodeCandidates(query.q).map(async (p) => ({ p, centre: await postcodeCentre(db, p) })),
    ),
    areasStartingWith(db, query.q.trim(), query.limit),
    searchAssets(db, {
      text,
      tsquery: toPrefixTsquery(text),
      category: null,
      abcd: null,
      near: null,
      radius: 0,
      area: null,
      bbox: null,
      openAt: null,
      wheelchair: null,
      free: null,
      age: null,
      limit: query.limit,
      offset: 0,
    }),
  ]);

  const suggestions: Suggestion[] = [];
  for (const c of categories) suggestions.push({ kind: 'category', code: c.code, label: c.name, detail: c.parentName });
  const places: Suggestion[] = [];
  for (const { p, centre } of postcodes) {
    if (!centre) continue;
    places.push({
      kind: 'place',
      placeKind: p.kind,
      value: p.value,
      label: p.value,
      detail: POSTCODE_DETAIL[p.kind],
      location: { type: 'Point', coordinates: centre },
    });
  }
  for (const a of areas) {
    places.push({
      kind: 'place',
      placeKind: a.kind,
      value: a.code,
      label: a.name,
      detail: areaDetail(a),
      location: { type: 'Point', coordinates: a.location },
    });
  }
  suggestions.push(...places.slice(0, query.limit));
  for (const hit of assets.results) {
    suggestions.push({
      kind: 'asset',
      id: hit.id,
      label: hit.name,
      detail: [hit.categoryName, hit.postcode].filter(Boolean).join(', '),
      location: hit.location,
    });
  }
  return { suggestions };
}
