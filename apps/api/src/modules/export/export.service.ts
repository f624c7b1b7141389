import {
  type CustomArea,
  type User,
  EXPORT_COLUMNS,
  EXPORT_MAX_ASSETS,
  ExportQuery,
  type ExportFeatureCollection,
  type ExportRow,
  type HsdsService,
} from '@common-ground/schema';
import type { Queryable } from '../../db/queryable.js';
import { BadRequestError } from '../../errors.js';
import { assertCategoryExists, listCategories } from '../categories/categories.repository.js';
import { getCustomArea } from '../custom-areas/custom-areas.service.js';
import { assetToService } from '../openreferral/hsds-mapping.js';
import { resolveSearch } from '../search/search.service.js';
import { toCsv } from '../../http/csv.js';
import { exportAssets, type ExportAsset } from './export.repository.js';
import { attributionOf, isShareAlike, licenceSummary } from './licences.js';

/**
 * Every public asset the search finds, in its order. More than EXPORT_MAX_ASSETS is a 400:
 * an export that size is better narrowed (a category, an area) than sent.
 */
export async function assetsInView(db: Queryable, query: ExportQuery, max = EXPORT_MAX_ASSETS, now = new Date()): Promise<ExportAsset[]> {
  await assertCategoryExists(db, query.category, 'querystring.category');
  const { filter } = await resolveSearch(db, query, now);
  const assets = await exportAssets(db, { ...filter, offset: 0 }, max + 1);
  if (assets.length > max) {
    throw BadRequestError.forParam(
      'querystring',
      `this view has more than ${max.toLocaleString('en-GB')} assets, the most one export gives: narrow the search (a category, an area or a place) and export again`,
    );
  }
  return assets;
}

/**
 * The public assets inside a custom area's own shape, for whoever may read the area (its
 * owner, or anyone with its share token while it is shared; others get the area's 404).
 */
export async function assetsInCustomArea(
  db: Queryable,
  user: User | null,
  id: string,
  share: string | undefined,
  max = EXPORT_MAX_ASSETS,
): Promise<{ area: CustomArea; assets: ExportAsset[] }> {
  const area = await getCustomArea(db, user, id, share);
  const { filter } = await resolveSearch(db, ExportQuery.parse({}));
  const assets = await exportAssets(db, { ...filter, customArea: area.id, offset: 0 }, max + 1);
  if (assets.length > max) {
    throw new BadRequestError(
      `this area has more than ${max.toLocaleString('en-GB')} public assets, the most one export gives: search inside it by category and export that`,
    );
  }
  return { area, assets };
}

/** An asset as a CSV row or GeoJSON properties (the importers read these names back). */
export function exportRow(asset: ExportAsset): ExportRow {
  return {
    id: asset.id,
    name: asset.name,
    category: asset.categoryCode,
    category_name: asset.categoryName,
    abcd: asset.abcdType,
    description: asset.description,
    organisation: asset.organisation,
    address: asset.address,
    postcode: asset.postcode,
    lat: asset.lat,
    lon: asset.lon,
    location_precision: asset.locationPrecision,
    phone: asset.phone,
    email: asset.email,
    website: asset.website,
    opening_hours: asset.openingHours,
    opening_hours_note: asset.openingHoursNote,
    wheelchair: asset.wheelchair,
    capacity: asset.capacity,
    capacity_unit: asset.capacityUnit,
    source: asset.source,
    source_id: asset.sourceId,
    national_id: asset.nationalId,
    national_id_scheme: asset.nationalIdScheme,
    licence: asset.licence,
    attribution: attributionOf(asset),
    share_alike: asset.sources.some((s) => isShareAlike(s.licence)),
    is_free: asset.isFree,
    age_min: asset.ageMin,
    age_max: asset.ageMax,
    status: asset.lifecycleStatus,
    source_date: asset.sourceDate,
    last_updated: new Date(asset.updatedAt).toISOString(),
    tags: asset.tags,
  };
}

export function assetsCsv(assets: readonly ExportAsset[]): string {
  return toCsv(
    EXPORT_COLUMNS,
    assets.map((asset) => {
      const row = exportRow(asset);
      return { ...row, tags: row.tags.join('; ') };
    }),
  );
}

export function assetsGeoJson(assets: readonly ExportAsset[]): ExportFeatureCollection {
  const licences = licenceSummary(assets);
  return {
    type: 'FeatureCollection',
    attribution: [...new Set(licences.map((l) => l.attribution))].join('; '),
    licences,
    features: assets.map((asset) => ({
      type: 'Feature',
      id: asset.id,
      geometry: { type: 'Point', coordinates: [asset.lon, asset.lat] },
      properties: exportRow(asset),
    })),
  };
}

export async function assetsHsds(db: Queryable, assets: readonly ExportAsset[]): Promise<HsdsService[]> {
  const categories = new Map((await listCategories(db)).map((c) => [c.code, c]));
  return assets.map((asset) => assetToService(asset, categories));
}
