import type { BBox, PlaceKind, SearchHit } from '@common-ground/schema';
import { createHash } from 'node:crypto';
import type { NamedStatement, Queryable } from '../../db/queryable.js';
import { TRIGRAM_WORD_SIMILARITY } from '../../db/session-settings.js';

/** An area search is limited to: an LSOA, or the LSOAs of a ward or local authority. */
export interface AreaScope {
  kind: Extract<PlaceKind, 'lsoa' | 'ward' | 'local_authority'>;
  code: string;
}

export interface SearchFilter {
  /** The words as typed, lower case (for trigram matching). */
  text: string | null;
  /** The same words as a prefix tsquery ('food:* & bank:*'). */
  tsquery: string | null;
  /** A category code: it and its descendants are searched. */
  category: string | null;
  abcd: string | null;
  near: [number, number] | null;
  /** Metres around `near`. */
  radius: number;
  area: AreaScope | null;
  /**
   * A custom area's id: assets inside its own shape (as its profile counts them). Never from
   * a request's query: set by the custom-area export after it has checked who may read it.
   */
  customArea?: string | null;
  bbox: BBox | null;
  /** Minute of the week (Monday 00:00 = 0, Europe/London) the asset must be open at. */
  openAt: number | null;
  wheelchair: 'yes' | 'limited' | null;
  free: boolean | null;
  age: number | null;
  /** What residents say of a place (issue 17): carers welcome, volunteers wanted, a language. */
  carersWelcome?: boolean | null;
  volunteersWanted?: boolean | null;
  language?: string | null;
  /** The Open Referral UK profile's own filters (openreferral.service.ts); the app's search has none. */
  profile?: ProfileFilter;
  limit: number;
  offset: number;
}

/**
 * The Open Referral UK profile's filters, as the profile words them (its openapi.json):
 * ages compare the service's own bounds (a service with none is left out), times a regular
 * opening's start and end on one day, London time, as the schedules we answer with show it.
 */
export interface ProfileFilter {
  /** Nothing can match (a taxonomy we do not have, an organization nobody runs). */
  none: boolean;
  minimumAgeAtLeast: number | null;
  maximumAgeAtMost: number | null;
  modifiedAfter: string | null;
  /** Lower-case, trimmed organisation name. */
  organisation: string | null;
  /** Day 0 = Monday; minutes from midnight. */
  schedule: { day: number | null; startsAtOrAfter: number | null; endsAtOrBefore: number | null } | null;
}

export type ParameterisedSql = NamedStatement;

/** Metres around a point within which the point, not the words, should lead the search. */
const NEARBY_RADIUS = 5000;

const AREA_LSOAS: Record<AreaScope['kind'], (param: string) => string> = {
  lsoa: (p) => `a.lsoa_code = ${p}`,
  ward: (p) => `a.lsoa_code IN (SELECT code FROM areas WHERE ward_code = ${p})`,
  local_authority: (p) => `a.lsoa_code IN (SELECT code FROM areas WHERE lad_code = ${p})`,
};

/** A statement's parameters, numbered as they are added. */
export class SqlParams {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder (`$3`, with a cast when given). */
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

/** The parts of a search statement its filters decide, shared by the search page and the export. */
export interface SearchConditions {
  /** The recursive CTE of the category's subtree (ends with a comma), or ''. */
  subtree: string;
  /** SQL saying whether the named category exists ('true' when none was named). */
  categoryFound: string;
  /** A join `public_assets a` needs for the conditions (the category, for ABCD types). */
  categoryJoin: string;
  where: string[];
  /** Metres from the searched point (NULL without one). */
  distance: string;
  /** How well the words match (0 without words). */
  score: string;
}

/** The order results are given in: nearest first, then best match, then by name. */
export const SEARCH_ORDER = 'm.distance ASC NULLS LAST, m.score DESC, m.name, m.id';

/**
 * The conditions of a search on `public_assets a`, holding only the filters in use, so the
 * planner sees each filter plainly and picks its index: the GiST index on the metric
 * point for `near`, the full-text and trigram GIN indexes for words, the category index.
 *
 * Words match by full text (prefix tsquery) or by trigram word similarity (`<%`, the
 * threshold set per session, see db/session-settings.ts): typos and partial words.
 * Distances are British National Grid metres (EPSG:27700), as in the gap analysis.
 * Leaves out assets closed for good. Written once for `/api/search` and the export, so an
 * export is exactly the search it was made from.
 */
export function searchConditions(f: SearchFilter, params: SqlParams): SearchConditions {
  const param = (value: unknown, cast = ''): string => params.add(value, cast);
  const where = [`a.lifecycle_status <> 'defunct'`];
  let categoryJoin = '';
  let score = '0::float8';
  if (f.text) {
    const text = param(f.text, '::text');
    const tsquery = f.tsquery ? `to_tsquery('english', ${param(f.tsquery, '::text')})` : null;
    // Within walking or bus distance of a point, the point (and category) narrow the rows
    // far more than a misspelt word does ("libary" is near every library's text): the
    // words are tested on those rows only, written so no index can take them. Elsewhere
    // the words are the narrowest filter and `<%` lets the trigram GIN index find them.
    const fuzzy = f.near && f.radius <= NEARBY_RADIUS ? `word_similarity(${text}, a.search_text) >= ${TRIGRAM_WORD_SIMILARITY}` : `${text} <% a.search_text`;
    where.push(tsquery ? `(a.search_document @@ ${tsquery} OR ${fuzzy})` : fuzzy);
    score = `${tsquery ? `ts_rank_cd(a.search_document, ${tsquery}) + ` : ''}word_similarity(${text}, a.search_text)`;
  }
  // The category's subtree is read in the same statement (no extra round trip); the
  // statement also says whether the category exists, so a typo is a 400, not "no results".
  let subtree = '';
  let categoryFound = 'true';
  if (f.category) {
    subtree = `subtree AS (
  SELECT code FROM categories WHERE code = ${param(f.category, '::text')}
  UNION ALL
  SELECT c.code FROM categories c JOIN subtree s ON c.parent_code = s.code
),`;
    where.push('a.category_code = ANY(ARRAY(SELECT code FROM subtree))');
    categoryFound = 'EXISTS (SELECT 1 FROM subtree)';
  }
  if (f.abcd) {
    categoryJoin = 'JOIN categories c ON c.code = a.category_code';
    where.push(`coalesce(a.abcd_type, c.abcd_type) = ${param(f.abcd, '::text')}`);
  }
  let distance = 'NULL::float8';
  if (f.near) {
    const here = `ST_Transform(ST_SetSRID(ST_MakePoint(${param(f.near[0], '::float8')}, ${param(f.near[1], '::float8')}), 4326), 27700)`;
    where.push(`ST_DWithin(a.geom_bng, ${here}, ${param(f.radius, '::float8')})`);
    distance = `a.geom_bng <-> ${here}`;
  }
  if (f.area) where.push(AREA_LSOAS[f.area.kind](param(f.area.code, '::text')));
  if (f.customArea) {
    where.push(`ST_Intersects(a.geom_bng, (SELECT geom_bng FROM custom_areas WHERE id = ${param(f.customArea, '::uuid')}))`);
  }
  if (f.bbox) {
    const [w, s, e, n] = f.bbox.map((v) => param(v, '::float8'));
    where.push(`a.geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326)`);
  }
  if (f.openAt !== null) {
    const at = param(f.openAt, '::int');
    where.push(`EXISTS (SELECT 1 FROM asset_open_intervals o WHERE o.asset_id = a.id AND o.opens <= ${at} AND ${at} < o.closes)`);
  }
  if (f.wheelchair) {
    where.push(f.wheelchair === 'limited' ? `a.wheelchair IN ('yes', 'limited')` : `a.wheelchair = 'yes'`);
  }
  if (f.free !== null) where.push(`a.is_free = ${param(f.free, '::boolean')}`);
  if (f.age !== null) {
    const age = param(f.age, '::int');
    where.push(`(a.age_min IS NULL OR a.age_min <= ${age}) AND (a.age_max IS NULL OR a.age_max >= ${age})`);
  }
  if (f.carersWelcome != null) where.push(`a.carers_welcome = ${param(f.carersWelcome, '::boolean')}`);
  if (f.volunteersWanted != null) where.push(`a.volunteers_wanted = ${param(f.volunteersWanted, '::boolean')}`);
  if (f.language) {
    // Languages are free text as people typed them ("Urdu", "urdu ", "Français"): compared
    // folded, whole names only, so "English" does not find "English sign language" by accident.
    const language = param(f.language, '::text');
    where.push(`EXISTS (SELECT 1 FROM unnest(a.languages) l WHERE lower(cg_unaccent(btrim(l))) = lower(cg_unaccent(btrim(${language}))))`);
  }
  if (f.profile) where.push(...profileConditions(f.profile, param));
  return { subtree, categoryFound, categoryJoin, where, distance, score };
}

/** The profile's filters as conditions on `public_assets a` (see ProfileFilter). */
function profileConditions(p: ProfileFilter, param: (value: unknown, cast?: string) => string): string[] {
  const where: string[] = [];
  if (p.none) where.push('false');
  if (p.minimumAgeAtLeast !== null) where.push(`a.age_min >= ${param(p.minimumAgeAtLeast, '::float8')}`);
  if (p.maximumAgeAtMost !== null) where.push(`a.age_max <= ${param(p.maximumAgeAtMost, '::float8')}`);
  if (p.modifiedAfter !== null) where.push(`a.updated_at >= ${param(p.modifiedAfter, '::timestamptz')}`);
  if (p.organisation !== null) where.push(`lower(btrim(a.organisation)) = ${param(p.organisation, '::text')}`);
  if (p.schedule) {
    // Each weekly interval split into the days it touches, as schedulesFromOpeningHours
    // publishes it (a day's end is shown as 23:59 at the latest).
    const day = 'd.day';
    const opens = `greatest(o.opens, ${day} * 1440) - ${day} * 1440`;
    const closes = `least(least(o.closes, (${day} + 1) * 1440) - ${day} * 1440, 1439)`;
    const on: string[] = [`${day} < 7`];
    if (p.schedule.day !== null) on.push(`${day} = ${param(p.schedule.day, '::int')}`);
    if (p.schedule.startsAtOrAfter !== null) on.push(`${opens} >= ${param(p.schedule.startsAtOrAfter, '::int')}`);
    if (p.schedule.endsAtOrBefore !== null) on.push(`${closes} <= ${param(p.schedule.endsAtOrBefore, '::int')}`);
    where.push(
      `EXISTS (SELECT 1 FROM asset_open_intervals o CROSS JOIN LATERAL generate_series(o.opens / 1440, (o.closes - 1) / 1440) AS d(day)
               WHERE o.asset_id = a.id AND ${on.join(' AND ')})`,
    );
  }
  return where;
}

/**
 * The search as one parameterised statement (see searchConditions). `matches` holds only
 * ids and sort keys; details are read for the page alone. Reads only public_assets.
 */
export function searchSql(f: SearchFilter): ParameterisedSql {
  const params = new SqlParams();
  const param = (value: unknown, cast = ''): string => params.add(value, cast);
  const { subtree, categoryFound, categoryJoin, where, distance, score } = searchConditions(f, params);
  const order = SEARCH_ORDER;

  const text = `
WITH RECURSIVE ${subtree}
matches AS MATERIALIZED (
  SELECT a.id, a.name, ${distance} AS distance, ${score} AS score
  FROM public_assets a ${categoryJoin}
  WHERE ${where.join('\n    AND ')}
),
page AS (
  SELECT * FROM matches m ORDER BY ${order} LIMIT ${param(f.limit, '::int')} OFFSET ${param(f.offset, '::int')}
)
SELECT ${categoryFound} AS "categoryFound",
       (SELECT count(*)::int FROM matches) AS total,
       coalesce((
         SELECT json_agg(json_build_object(
                  'id', a.id, 'name', a.name, 'categoryCode', a.category_code, 'categoryName', c.name,
                  'abcdType', coalesce(a.abcd_type, c.abcd_type),
                  'location', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(a.geom), ST_Y(a.geom))),
                  'locationPrecision', a.location_precision, 'address', a.address, 'postcode', a.postcode,
                  'openingHours', a.opening_hours, 'lifecycleStatus', a.lifecycle_status,
                  'wheelchair', a.wheelchair, 'isFree', a.is_free, 'ageMin', a.age_min, 'ageMax', a.age_max,
                  'carersWelcome', a.carers_welcome, 'volunteersWanted', a.volunteers_wanted, 'languages', a.languages,
                  'distanceMetres', round(m.distance::numeric, 1)::float8)
                ORDER BY ${order})
         FROM page m
         JOIN public_assets a ON a.id = m.id
         JOIN categories c ON c.code = a.category_code
       ), '[]'::json) AS results`;
  // Prepared once per connection for each combination of filters in use: planning this
  // statement costs several times what running it near a point does. After five runs
  // PostgreSQL keeps a generic plan only if it is no worse than the custom ones.
  return { name: `cg_search_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`, text, values: params.values };
}

export interface SearchRows {
  /** False when the filter named a category that does not exist. */
  categoryFound: boolean;
  total: number;
  results: SearchHit[];
}

export async function searchAssets(db: Queryable, f: SearchFilter): Promise<SearchRows> {
  const { rows } = await db.query<SearchRows>(searchSql(f));
  return rows[0]!;
}

/** The local authority an English point lies in, or undefined offshore or outside England. */
export async function authorityAt(db: Queryable, [lon, lat]: readonly [number, number]): Promise<{ code: string; name: string } | undefined> {
  const { rows } = await db.query<{ code: string; name: string }>(
    `SELECT l.code, l.name FROM areas a JOIN local_authorities l ON l.code = a.lad_code
     WHERE ST_Intersects(a.geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) LIMIT 1`,
    [lon, lat],
  );
  return rows[0];
}

/** The category a search's words name exactly: its code with spaces, or that plus "s" ("food banks" → food-bank). */
export async function categoryNamedBy(db: Queryable, text: string): Promise<{ code: string; name: string } | undefined> {
  const words = text
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  if (!words) return undefined;
  const { rows } = await db.query<{ code: string; name: string }>(
    `SELECT code, name FROM categories WHERE replace(code, '-', ' ') IN ($1, regexp_replace($1, 's$', '')) ORDER BY code LIMIT 1`,
    [words],
  );
  return rows[0];
}

export async function categoryName(db: Queryable, code: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM categories WHERE code = $1', [code]);
  return rows[0]?.name;
}
