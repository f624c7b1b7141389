import type { Capacity, LifecycleStatus, LocationPrecision, NationalId, Wheelchair } from '@common-ground/schema';

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
  /** How much it offers (a GP practice's registered patients, a pharmacy's weekly hours). */
  capacity?: Capacity | null;
  /** Its code in a national register (an NHS ODS code), so others can check it. */
  nationalId?: NationalId | null;
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
