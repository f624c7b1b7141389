import type { LifecycleStatus, LocationPrecision, Wheelchair } from '@common-ground/schema';

/** One record from one source file, mapped to our model, before de-duplication. */
export interface AssetCandidate {
  source: string;
  sourceId: string;
  name: string;
  categoryCode: string;
  lon: number;
  lat: number;
  /** 'exact' unless the point sits on its postcode's centroid (decided when loading). */
  precision: LocationPrecision;
  description?: string | null;
  organisation?: string | null;
  tags?: string[];
  address?: string | null;
  postcode?: string | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  openingHours?: string | null;
  openingHoursNote?: string | null;
  wheelchair?: Wheelchair | null;
  lifecycleStatus?: LifecycleStatus;
}

/** A record a reader could not use, and why; reported, never dropped silently. */
export interface SkippedRecord {
  source: string;
  sourceId: string;
  reason: string;
}

export interface ReadResult {
  candidates: AssetCandidate[];
  skipped: SkippedRecord[];
}
