import type { Wheelchair } from '@common-ground/schema';
import { readCapacity } from './capacity.js';
import { Collector } from './collector.js';
import { categoryForTags, describeTags, fieldsFromTags, looksLikeOsmTags, type OsmTags } from './osm-tags.js';
import { checkPoint, representativePoint, round } from './place.js';
import { assetIdOf, categoryHint, findPostcode, identifiersOf, matchCategory, stableHash, text } from './text.js';
import { normalisePostcode } from '../postcodes.js';
import { ImportFileError, type ImportCandidate, type ImportIssue, type ParseImportOptions, type ParsedImport } from './types.js';

interface Feature {
  type?: unknown;
  id?: unknown;
  geometry?: unknown;
  properties?: unknown;
}

/** The features of a FeatureCollection, a single Feature or an array of features; null when it is none of these. */
export function geoJsonFeatures(json: unknown): Feature[] | null {
  if (Array.isArray(json)) {
    return json.length > 0 && json.every((f) => !!f && typeof f === 'object' && (f as Feature).type === 'Feature') ? (json as Feature[]) : null;
  }
  if (!json || typeof json !== 'object') return null;
  const o = json as { type?: unknown; features?: unknown };
  if (o.type === 'FeatureCollection') {
    if (!Array.isArray(o.features)) throw new ImportFileError('The FeatureCollection has no "features" list.');
    return o.features as Feature[];
  }
  if (o.type === 'Feature') return [o];
  return null;
}

const OSM_ID = /^(node|way|relation)\/(\d+)$/;

/** The OSM id of an overpass-turbo / osmtogeojson feature ("node/123"), if it has one. */
export function osmFeatureId(f: Feature): string | null {
  const p = (f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<string, unknown>;
  for (const candidate of [f.id, p['@id'], p.id]) {
    if (typeof candidate === 'string' && OSM_ID.test(candidate)) return candidate;
  }
  // Older osmtogeojson: properties.type = "node", properties.id = 123.
  if (typeof p.type === 'string' && /^(node|way|relation)$/.test(p.type) && (typeof p.id === 'number' || typeof p.id === 'string')) {
    return `${p.type}/${String(p.id)}`;
  }
  return null;
}

/** The tags of an OSM GeoJSON feature: `properties.tags` (osmtogeojson) or the properties themselves (overpass-turbo). */
function osmTagsOf(props: Record<string, unknown>): OsmTags {
  const source = props.tags && typeof props.tags === 'object' ? (props.tags as Record<string, unknown>) : props;
  const tags: OsmTags = {};
  for (const [k, v] of Object.entries(source)) {
    if (k.startsWith('@') || k === 'tags' || k === 'meta' || k === 'relations') continue;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') tags[k] = String(v);
  }
  return tags;
}

/** Does a feature list look like an OpenStreetMap export (most features carry OSM ids)? */
export function looksLikeOsmGeoJson(features: readonly Feature[]): boolean {
  const sample = features.slice(0, 50);
  return sample.length > 0 && sample.filter((f) => osmFeatureId(f) !== null).length * 2 > sample.length;
}

function pick(props: Record<string, unknown>, keys: readonly string[]): string | null {
  for (const k of keys) {
    const v = text(props[k]);
    if (v) return v;
  }
  return null;
}

function wheelchairOf(value: string | null): Wheelchair | null {
  return value === 'yes' || value === 'limited' || value === 'no' ? value : null;
}

/**
 * Reads GeoJSON features: points as they are, areas and lines by a representative point
 * (approximate), no geometry by a postcode property. Properties are read as written by
 * our own export (snake_case or the search API's camelCase) and by common other
 * publishers (`Name`, `title`…); OSM-looking properties are read as tags. `osm` says the
 * file is an OpenStreetMap export, whose ids ("node/123") become the source ids.
 */
export function parseGeoJsonFeatures(features: readonly Feature[], options: ParseImportOptions, osm: boolean): ParsedImport {
  const out = new Collector(options.maxRecords);
  out.expect(features.length);
  features.forEach((f, i) => {
    const ref = `feature ${i + 1}`;
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      out.reject({ ref }, [{ field: null, message: 'not a GeoJSON Feature (it needs "type": "Feature")' }]);
      return;
    }
    const props = (f.properties && typeof f.properties === 'object' ? f.properties : {}) as Record<string, unknown>;
    const osmId = osmFeatureId(f);
    const isOsm = osm || (osmId !== null && looksLikeOsmTags(osmTagsOf(props)));
    const tags = isOsm || looksLikeOsmTags(props) ? osmTagsOf(props) : null;
    const fromTags = tags ? fieldsFromTags(tags) : null;

    // Our own export carries source + source_id: keep that pair so a re-import matches.
    const source = pick(props, ['source']);
    const sourceRecordId = pick(props, ['source_id', 'sourceId']);
    const ownId = text(f.id) ?? pick(props, ['id', 'ID', 'fid', '@id']);
    const sourceId = osmId ?? (source && sourceRecordId ? `${source}:${sourceRecordId}` : (ownId ?? stableHash(JSON.stringify(f))));
    const name = pick(props, ['name', 'Name', 'NAME', 'title', 'Title', 'site_name', 'label']) ?? fromTags?.name ?? null;
    const issues: ImportIssue[] = [];
    const notes: ImportIssue[] = [];
    if (!name) issues.push({ field: 'name', message: 'the name is empty' });

    // Category: a category property naming a known category, else the OSM tags, else the default.
    let categoryCode: string | null = null;
    const categoryProp = pick(props, ['category', 'category_code', 'categoryCode', 'Category']);
    categoryCode = matchCategory(options.categories, categoryProp);
    if (!categoryCode && tags) categoryCode = categoryForTags(options.osmTags, tags);
    if (!categoryCode && options.defaultCategory) {
      categoryCode = options.defaultCategory;
      notes.push({
        field: 'category',
        message: `category guessed: ${categoryProp ? `"${categoryProp}" is not a known category` : tags ? `no category for tags ${describeTags(tags)}` : 'no category property'}, so ${options.defaultCategory} was used`,
      });
    } else if (!categoryCode) {
      issues.push({
        field: 'category',
        message: categoryProp
          ? `"${categoryProp}" is not a known category; use a code or name such as ${categoryHint(options.categories)}`
          : tags
            ? `no category for tags ${describeTags(tags)}`
            : 'no category: add a "category" property or choose a default category',
      });
    }

    // Place.
    const address = pick(props, ['address', 'Address', 'addr']) ?? fromTags?.address ?? null;
    const postcode =
      normalisePostcode(pick(props, ['postcode', 'Postcode', 'POSTCODE', 'postal_code', 'post_code'])) ?? fromTags?.postcode ?? findPostcode(address);
    let lon: number | null = null;
    let lat: number | null = null;
    let precision: ImportCandidate['precision'] = null;
    const point = representativePoint(f.geometry);
    if (point && 'error' in point) {
      issues.push({ field: 'geometry', message: point.error });
    } else if (point) {
      const problems = checkPoint(point.lon, point.lat, { lon: 'geometry', lat: 'geometry' });
      if (problems.length > 0) issues.push(...problems);
      else {
        lon = round(point.lon);
        lat = round(point.lat);
        const declared = pick(props, ['location_precision', 'locationPrecision']);
        precision = !point.exact ? 'approximate' : declared === 'postcode' || declared === 'approximate' ? declared : 'exact';
      }
    } else if (postcode) {
      precision = 'postcode';
    } else {
      issues.push({ field: 'geometry', message: 'no geometry and no postcode to place it' });
    }

    if (issues.length > 0 || !name || !categoryCode) {
      out.reject({ ref, sourceId, name }, issues);
      return;
    }
    const tagList = props.tags;
    // Our export's `capacity` and `capacity_unit`, or the API's { value, unit }.
    const nested = props.capacity && typeof props.capacity === 'object' ? (props.capacity as Record<string, unknown>) : null;
    const { capacity, note: capacityNote } = readCapacity(
      nested ? nested.value : props.capacity,
      nested ? nested.unit : (props.capacity_unit ?? props.capacityUnit),
      { value: 'capacity', unit: 'capacity_unit' },
    );
    if (capacityNote) notes.push(capacityNote);
    out.accept({
      ref,
      line: null,
      sourceId,
      name,
      categoryCode,
      lon,
      lat,
      precision,
      postcode,
      address,
      description: pick(props, ['description', 'Description']) ?? fromTags?.description ?? null,
      organisation: pick(props, ['organisation', 'organization', 'operator']) ?? fromTags?.organisation ?? null,
      phone: pick(props, ['phone', 'telephone', 'Phone', 'contact:phone']) ?? fromTags?.phone ?? null,
      email: pick(props, ['email', 'Email', 'contact:email']) ?? fromTags?.email ?? null,
      website: pick(props, ['website', 'url', 'Website', 'contact:website']) ?? fromTags?.website ?? null,
      openingHours: pick(props, ['opening_hours', 'openingHours']) ?? null,
      openingHoursNote: pick(props, ['opening_hours_note', 'openingHoursNote']),
      wheelchair: wheelchairOf(pick(props, ['wheelchair'])) ?? fromTags?.wheelchair ?? null,
      ...(Array.isArray(tagList) && tagList.every((t) => typeof t === 'string') ? { tags: tagList } : {}),
      capacity,
      assetId: assetIdOf(ownId),
      identifiers: identifiersOf(pick(props, ['national_id_scheme']), pick(props, ['national_id'])),
      issues: notes,
    });
  });
  return { format: osm ? 'osm-geojson' : 'geojson', columns: null, records: out.records, rejected: out.rejected };
}
