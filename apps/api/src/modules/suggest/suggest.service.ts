import { SearchQuery, type Suggestion, type SuggestQuery, type SuggestResults } from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { areaByCode, areasStartingWith } from '../places/areas.repository.js';
import { postcodeCentre } from '../places/places.repository.js';
import { areaDetail } from '../places/places.service.js';
import { postcodeCandidates, type PostcodeQuery } from '../places/postcodes.js';
import { searchAssets } from '../search/search.repository.js';
import { resolveSearch } from '../search/search.service.js';
import { categoriesMatching } from './suggest.repository.js';

/** A GSS code as people paste it (E01022288, e05010967): an LSOA, ward or local authority. */
const GSS_CODE = /^[EW]\d{8}$/i;

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
    Promise.all(postcodeCandidates(query.q).map(async (p) => ({ p, centre: await postcodeCentre(db, p) }))),
    // By name, or by code: the LSOA finder invites a code (issue 17: E01022288 found nothing).
    GSS_CODE.test(query.q.trim())
      ? areaByCode(db, query.q.trim().toUpperCase()).then((a) => (a ? [a] : []))
      : areasStartingWith(db, query.q.trim(), query.limit),
    // The search itself, by words only: the same matching and the same public view.
    resolveSearch(db, SearchQuery.parse({ q: query.q, page_size: query.limit })).then(({ filter }) => searchAssets(db, filter)),
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
