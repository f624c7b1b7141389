import { normalisePostcode } from '../postcodes.js';
import { clean, readCsv, readJson } from './data-files.js';
import type { AssetCandidate, ReadResult, SkippedRecord } from './candidate.js';
import { matchMapping, type CategoryMapping } from './mappings.js';
import { libraryHoursToOsm, weeklyHours } from './library-hours.js';
import { nhsDentalPractices, nhsGpPractices, nhsPharmacies } from './nhs-ods-readers.js';

interface GeoJsonPointFeature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: [number, number] } | null;
}

/** Looks up postcode centroids (lon, lat) for readers that place by postcode. */
export type PostcodeLookup = (postcodes: string[]) => Promise<Map<string, { lon: number; lat: number }>>;

export interface ReaderContext {
  dataDir: string;
  mappings: readonly CategoryMapping[];
  postcodes: PostcodeLookup;
}

export interface SourceReader {
  source: string;
  read(ctx: ReaderContext): Promise<ReadResult>;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? clean(v) : typeof v === 'number' ? String(v) : null;
}

function joinAddress(...parts: (string | null | undefined)[]): string | null {
  const kept = parts.map((p) => clean(p ?? null)).filter((p): p is string => p !== null);
  return kept.length > 0 ? kept.join(', ') : null;
}

function validPoint(lon: number, lat: number): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && lon >= -7 && lon <= 2.1 && lat >= 49.8 && lat <= 56;
}

/** Splits a "Contact" cell that mixes e-mail addresses and phone numbers. */
function splitContact(contact: string | null): { email: string | null; phone: string | null } {
  if (!contact) return { email: null, phone: null };
  const email = /[^\s,;]+@[^\s,;]+/.exec(contact)?.[0] ?? null;
  const phone = /(\+44\s?|0)[\d\s]{9,13}\d/.exec(contact)?.[0]?.trim() ?? null;
  return { email, phone };
}

/** The Geofabrik-derived OSM files (Gloucestershire, London places of worship). */
function geofabrikReader(source: string, file: string): SourceReader {
  return {
    source,
    async read({ dataDir, mappings }) {
      const fc = await readJson<{ features: GeoJsonPointFeature[] }>(dataDir, file);
      const candidates: AssetCandidate[] = [];
      const skipped: SkippedRecord[] = [];
      for (const f of fc.features) {
        const p = f.properties;
        // Node and way ids can collide, so the layer is part of the id.
        const sourceId = `${String(p.geofabrik_layer)}/${String(p.osm_id)}`;
        const mapping = matchMapping(mappings, source, p);
        if (!mapping) {
          skipped.push({ source, sourceId, reason: `no category for fclass ${String(p.fclass)}` });
          continue;
        }
        const name = str(p.name) ?? mapping.unnamedName;
        if (!name) {
          skipped.push({ source, sourceId, reason: `unnamed ${String(p.fclass)}` });
          continue;
        }
        const [lon, lat] = f.geometry?.coordinates ?? [NaN, NaN];
        if (!validPoint(lon, lat)) {
          skipped.push({ source, sourceId, reason: 'no usable coordinates' });
          continue;
        }
        candidates.push({
          source,
          sourceId,
          name,
          categoryCode: mapping.categoryCode,
          lon,
          lat,
          precision: 'exact',
          tags: [String(p.fclass)],
        });
      }
      return { candidates, skipped };
    },
  };
}

const osmSheffield: SourceReader = {
  source: 'osm-sheffield',
  async read({ dataDir, mappings }) {
    const source = 'osm-sheffield';
    const fc = await readJson<{ features: GeoJsonPointFeature[] }>(dataDir, 'assets/osm_sheffield_selected_amenities_2016-02.geojson.gz');
    const candidates: AssetCandidate[] = [];
    const skipped: SkippedRecord[] = [];
    for (const f of fc.features) {
      const p = f.properties;
      const sourceId = String(p['@id']);
      const mapping = matchMapping(mappings, source, p);
      if (!mapping) {
        skipped.push({ source, sourceId, reason: 'no category for its tags' });
        continue;
      }
      const name = str(p.name) ?? mapping.unnamedName;
      if (!name) {
        skipped.push({ source, sourceId, reason: 'unnamed' });
        continue;
      }
      const [lon, lat] = f.geometry?.coordinates ?? [NaN, NaN];
      if (!validPoint(lon, lat)) {
        skipped.push({ source, sourceId, reason: 'no usable coordinates' });
        continue;
      }
      const wheelchair = str(p.wheelchair);
      candidates.push({
        source,
        sourceId,
        name,
        categoryCode: mapping.categoryCode,
        lon,
        lat,
        precision: 'exact',
        organisation: str(p.operator),
        tags: [str(p.religion), str(p.denomination)].filter((t): t is string => t !== null),
        address: joinAddress([str(p['addr:housenumber']), str(p['addr:street'])].filter(Boolean).join(' '), str(p['addr:city'])),
        postcode: normalisePostcode(str(p['addr:postcode'])),
        phone: str(p.phone),
        website: str(p.website),
        openingHours: str(p.opening_hours),
        wheelchair: wheelchair === 'yes' || wheelchair === 'limited' || wheelchair === 'no' ? wheelchair : null,
      });
    }
    return { candidates, skipped };
  },
};

const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The national library register: no coordinates, so each is placed on its postcode. */
const librariesRegister: SourceReader = {
  source: 'libraries-register',
  async read({ dataDir, mappings, postcodes }) {
    const source = 'libraries-register';
    const rows = await readCsv(dataDir, 'assets/public_libraries_uk_2025-04.csv.gz');
    const mapping = matchMapping(mappings, source, {});
    if (!mapping) throw new Error(`${source}: no category mapping`);
    const wanted = rows.map((r) => normalisePostcode(r.Postcode)).filter((p): p is string => p !== null);
    const found = await postcodes(wanted);
    const candidates: AssetCandidate[] = [];
    const skipped: SkippedRecord[] = [];
    for (const r of rows) {
      const name = clean(r['Library name']);
      const sourceId = `${r['Local authority']}|${r['Library name']}`;
      const postcode = normalisePostcode(r.Postcode);
      if (!name) {
        skipped.push({ source, sourceId, reason: 'no library name' });
        continue;
      }
      if (!postcode) {
        skipped.push({ source, sourceId, reason: `no valid postcode (${r.Postcode ?? ''})` });
        continue;
      }
      const point = found.get(postcode);
      if (!point) {
        skipped.push({ source, sourceId, reason: `postcode ${postcode} is not a live English postcode` });
        continue;
      }
      const staffed = DAY_NAMES.map((d) => r[`${d} staffed hours`]);
      // Staffed hours in a usual week: the register's measure of how much a library offers.
      const hours = weeklyHours(staffed);
      const yearClosed = clean(r['Year closed']);
      const special = clean(r['Special hours']);
      candidates.push({
        source,
        sourceId,
        name,
        categoryCode: mapping.categoryCode,
        lon: point.lon,
        lat: point.lat,
        precision: 'postcode',
        organisation: clean(r['Local authority']),
        tags: [clean(r['Type of library']), r.Statutory === 'Yes' ? 'statutory' : null].filter((t): t is string => t !== null),
        address: joinAddress(r['Address 1'], r['Address 2'], r['Address 3']),
        postcode,
        email: clean(r['Email address']),
        website: clean(r.URL),
        openingHours: libraryHoursToOsm(staffed),
        openingHoursNote: special,
        description: yearClosed ? `Closed in ${yearClosed}.` : clean(r.Notes),
        lifecycleStatus: yearClosed ? 'defunct' : 'active',
        capacity: hours !== null && !yearClosed ? { value: hours, unit: 'opening hours per week' } : null,
      });
    }
    return { candidates, skipped };
  },
};

/** Trafford Data Lab GeoJSON files, each with its own property names. */
function traffordGeoJsonReader(
  source: string,
  file: string,
  pick: (p: Record<string, unknown>) => Omit<Partial<AssetCandidate>, 'name'> & { name: string | null; sourceKey: string },
): SourceReader {
  return {
    source,
    async read({ dataDir, mappings }) {
      const fc = await readJson<{ features: GeoJsonPointFeature[] }>(dataDir, file);
      const mapping = matchMapping(mappings, source, {});
      if (!mapping) throw new Error(`${source}: no category mapping`);
      const candidates: AssetCandidate[] = [];
      const skipped: SkippedRecord[] = [];
      const seen = new Map<string, number>();
      for (const f of fc.features) {
        const { name, sourceKey, ...rest } = pick(f.properties);
        // These files have no ids: name + postcode identifies a record, numbered if repeated.
        const n = (seen.get(sourceKey) ?? 0) + 1;
        seen.set(sourceKey, n);
        const sourceId = n === 1 ? sourceKey : `${sourceKey}#${n}`;
        const [lon, lat] = f.geometry?.coordinates ?? [NaN, NaN];
        if (!name) {
          skipped.push({ source, sourceId, reason: 'no name' });
          continue;
        }
        if (!validPoint(lon, lat)) {
          skipped.push({ source, sourceId, reason: 'no usable coordinates' });
          continue;
        }
        candidates.push({ source, sourceId, name, categoryCode: mapping.categoryCode, lon, lat, precision: 'exact', ...rest });
      }
      return { candidates, skipped };
    },
  };
}

const gmFoodBanks = traffordGeoJsonReader('gm-food-banks', 'assets/food_banks_greater_manchester_2018-01.geojson.gz', (p) => {
  const contact = splitContact(str(p.Contact));
  const referral = str(p['Referral method']);
  return {
    name: str(p.Name),
    sourceKey: `${str(p.Name)}|${str(p.Postcode)}`,
    address: str(p.Address),
    postcode: normalisePostcode(str(p.Postcode)),
    website: str(p.Website),
    ...contact,
    openingHoursNote: str(p['Opening times']),
    description: referral && referral !== 'Not known' ? `Referral: ${referral}` : null,
    tags: referral ? [`referral: ${referral.toLowerCase()}`] : [],
  };
});

const traffordMentalHealth = traffordGeoJsonReader('trafford-mental-health', 'assets/mental_health_services_trafford_2018-07.geojson.gz', (p) => ({
  name: str(p.name),
  sourceKey: `${str(p.name)}|${str(p.postcode)}`,
  description: str(p.description),
  address: str(p.address),
  postcode: normalisePostcode(str(p.postcode)),
  phone: str(p.telephone),
  website: str(p.website),
}));

const traffordSportsClubs = traffordGeoJsonReader('trafford-sports-clubs', 'assets/sports_clubs_trafford_2018-07.geojson.gz', (p) => ({
  name: str(p.name),
  sourceKey: `${str(p.name)}|${str(p.postcode)}`,
  address: str(p.address),
  postcode: normalisePostcode(str(p.postcode)),
  tags: str(p.category) ? [str(p.category)!.toLowerCase()] : [],
}));

const gmLibraries: SourceReader = {
  source: 'gm-libraries',
  async read({ dataDir, mappings }) {
    const source = 'gm-libraries';
    const rows = await readCsv(dataDir, 'assets/libraries_greater_manchester_2018-10.csv.gz');
    const mapping = matchMapping(mappings, source, {});
    if (!mapping) throw new Error(`${source}: no category mapping`);
    const candidates: AssetCandidate[] = [];
    const skipped: SkippedRecord[] = [];
    for (const r of rows) {
      const sourceId = `${r.name}|${r.postcode}`;
      const lon = Number(r.lon);
      const lat = Number(r.lat);
      if (!validPoint(lon, lat)) {
        skipped.push({ source, sourceId, reason: 'no usable coordinates' });
        continue;
      }
      candidates.push({
        source,
        sourceId,
        name: r.name!,
        categoryCode: mapping.categoryCode,
        lon,
        lat,
        precision: 'exact',
        address: clean(r.address),
        postcode: normalisePostcode(r.postcode),
        email: clean(r.email),
        website: clean(r.website),
        organisation: clean(r.area_name),
        tags: clean(r.type) ? [clean(r.type)!.toLowerCase()] : [],
      });
    }
    return { candidates, skipped };
  },
};

/**
 * Every asset source, in priority order: when records from several sources are one
 * asset, fields come from the earliest source that has them.
 */
export const SOURCE_READERS: readonly SourceReader[] = [
  // The national registers first: what they say of a GP practice, pharmacy or dentist leads.
  nhsGpPractices,
  nhsPharmacies,
  nhsDentalPractices,
  gmLibraries,
  librariesRegister,
  gmFoodBanks,
  traffordMentalHealth,
  traffordSportsClubs,
  osmSheffield,
  geofabrikReader('osm-gloucestershire', 'assets/osm_gloucestershire_community_assets_2021-01.geojson.gz'),
  geofabrikReader('osm-london-worship', 'assets/osm_greater_london_places_of_worship_2019-08.geojson.gz'),
];
