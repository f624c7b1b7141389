import { z } from 'zod';
import { StoredCapacity } from './capacity.js';
import { BBox, PointGeometry } from './common.js';
import { NationalId } from './national-id.js';
import { CategoryCode } from './category.js';
import { AbcdType, LifecycleStatus, LocationPrecision, ReviewState, Wheelchair } from './enums.js';

export const AssetId = z.uuid({ message: 'must be an asset id (a UUID)' });

/**
 * Freshness as people read it: checked by a worker on a date (`verified`), or only as old
 * as its source (`source`: imported data's publication date, or the day a resident or
 * worker contributed it), or `unknown`. Never names the worker.
 */
export const Freshness = z.object({
  basis: z.enum(['verified', 'source', 'unknown']),
  /** The later of the last verification and the source's date (YYYY-MM-DD). */
  checkedOn: z.string().nullable(),
  stale: z.boolean(),
});
export type Freshness = z.infer<typeof Freshness>;
/** An asset not checked for this long is marked stale. */
export const STALE_AFTER_DAYS = 365;

export const AssetProvenance = z.object({
  source: z.string(),
  sourceId: z.string().nullable(),
  sourceDate: z.string().nullable(),
  licence: z.string(),
});
export type AssetProvenance = z.infer<typeof AssetProvenance>;

/** Everything the public may know about an asset (fields follow Open Referral UK / HSDS). */
export const Asset = z.object({
  id: AssetId,
  name: z.string(),
  description: z.string().nullable(),
  categoryCode: CategoryCode,
  categoryName: z.string(),
  /** The asset's own ABCD type, or its category's default. */
  abcdType: AbcdType,
  organisation: z.string().nullable(),
  tags: z.array(z.string()),
  location: PointGeometry,
  locationPrecision: LocationPrecision,
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  /** OpenStreetMap `opening_hours` syntax. */
  openingHours: z.string().nullable(),
  /** The source's own words about hours, kept when they could not be structured. */
  openingHoursNote: z.string().nullable(),
  wheelchair: Wheelchair.nullable(),
  accessibilityNote: z.string().nullable(),
  free: z.boolean().nullable(),
  costNote: z.string().nullable(),
  ageMin: z.number().int().nullable(),
  ageMax: z.number().int().nullable(),
  languages: z.array(z.string()),
  carersWelcome: z.boolean().nullable(),
  volunteersWanted: z.boolean().nullable(),
  /** How much it offers (HSDS service_capacity): null when not known; 0 when known to have none now. */
  capacity: StoredCapacity.nullable(),
  /** Its code in a national register (an NHS ODS code), so anyone can check it against the register. */
  nationalId: NationalId.nullable(),
  lifecycleStatus: LifecycleStatus,
  reviewState: ReviewState,
  version: z.number().int(),
  lastVerifiedAt: z.string().nullable(),
  freshness: Freshness,
  /** The area the asset stands in, when it is inside an English LSOA. */
  areaCode: z.string().nullable(),
  areaName: z.string().nullable(),
  provenance: z.array(AssetProvenance),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Asset = z.infer<typeof Asset>;

export const AssetFeatureProperties = z.object({
  id: AssetId,
  name: z.string(),
  categoryCode: CategoryCode,
  categoryName: z.string(),
  abcdType: AbcdType,
  lifecycleStatus: LifecycleStatus,
  locationPrecision: LocationPrecision,
  source: z.string(),
});

export const AssetFeature = z.object({
  type: z.literal('Feature'),
  id: AssetId,
  geometry: PointGeometry,
  properties: AssetFeatureProperties,
});
export type AssetFeature = z.infer<typeof AssetFeature>;

export const AssetFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(AssetFeature),
  /** True when more assets matched than `limit` allowed. */
  truncated: z.boolean(),
  limit: z.number().int(),
});
export type AssetFeatureCollection = z.infer<typeof AssetFeatureCollection>;

export const ASSET_PAGE_MAX = 1000;

export const AssetListQuery = z.object({
  bbox: BBox.optional(),
  /** A category code; its child categories are included. */
  category: CategoryCode.optional(),
  limit: z.coerce.number().int().min(1).max(ASSET_PAGE_MAX).default(200),
});
export type AssetListQuery = z.infer<typeof AssetListQuery>;

export const AssetParams = z.object({ id: AssetId });

/** The source recorded for places people add here (rather than import). */
export const CONTRIBUTION_SOURCE = 'common-ground';
