import type { AbcdType, AssetInputDraft, CapacityUnit, LifecycleStatus, Wheelchair } from '@common-ground/schema';

/**
 * What the asset form holds: text as typed, and yes/no/unknown choices as '' | 'yes' | 'no'.
 * `toDraft` turns it into the API's `AssetInput` shape; `fromRecord` fills it from an asset
 * or from a proposal's fields, so the same form adds, edits and resubmits.
 */
export type TriState = '' | 'yes' | 'no';

export interface AssetFormState {
  name: string;
  categoryCode: string;
  /** '' = the category's own type. */
  abcdType: '' | AbcdType;
  description: string;
  /** [lon, lat] of the pin, or null. */
  location: [number, number] | null;
  /**
   * How the pin was placed. `postcode`: shown at the postcode's centre, sent as the postcode
   * alone (the API marks it postcode-precise). `map`: clicked or dragged, sent as a point.
   */
  placedBy: 'map' | 'postcode' | null;
  postcode: string;
  address: string;
  phone: string;
  email: string;
  website: string;
  openingHours: string;
  wheelchair: '' | Wheelchair;
  accessibilityNote: string;
  free: TriState;
  costNote: string;
  ageMin: string;
  ageMax: string;
  /** Comma-separated, as typed. */
  languages: string;
  organisation: string;
  carersWelcome: TriState;
  volunteersWanted: TriState;
  /** The capacity as typed ('' = not known), and what it counts. */
  capacity: string;
  capacityUnit: '' | CapacityUnit;
  lifecycleStatus: LifecycleStatus;
  sensitive: boolean;
}

export const EMPTY_FORM: AssetFormState = {
  name: '',
  categoryCode: '',
  abcdType: '',
  description: '',
  location: null,
  placedBy: null,
  postcode: '',
  address: '',
  phone: '',
  email: '',
  website: '',
  openingHours: '',
  wheelchair: '',
  accessibilityNote: '',
  free: '',
  costNote: '',
  ageMin: '',
  ageMax: '',
  languages: '',
  organisation: '',
  carersWelcome: '',
  volunteersWanted: '',
  capacity: '',
  capacityUnit: '',
  lifecycleStatus: 'active',
  sensitive: false,
};

function tri(value: TriState): boolean | null {
  return value === '' ? null : value === 'yes';
}

function fromTri(value: unknown): TriState {
  return value === true ? 'yes' : value === false ? 'no' : '';
}

/** A whole number as typed, or the text itself so the schema can say what is wrong with it. */
function age(value: string): number | null {
  const text = value.trim();
  if (text === '') return null;
  return /^\d+$/.test(text) ? Number(text) : Number.NaN;
}

/**
 * The capacity as the API takes it: null when no number is given (not known), else the
 * number (8123, 8,123 or 52.5; anything else is NaN, so the schema says what is wrong) and
 * its unit (an empty unit is sent as typed, for the same reason).
 */
function capacity(form: AssetFormState): AssetInputDraft['capacity'] {
  const typed = form.capacity.trim();
  if (typed === '') return null;
  const value = /^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(typed) ? Number(typed.replace(/,/g, '')) : Number.NaN;
  return { value, unit: form.capacityUnit as CapacityUnit };
}

/**
 * The request body for the form as it stands (validate it with `AssetInput`).
 * `includeSensitive`: only workers may set the flag, so residents never send it.
 */
export function toDraft(form: AssetFormState, { includeSensitive }: { includeSensitive: boolean }): AssetInputDraft {
  const draft: AssetInputDraft = {
    name: form.name,
    categoryCode: form.categoryCode,
    abcdType: form.abcdType === '' ? null : form.abcdType,
    description: form.description,
    location: form.location && form.placedBy === 'map' ? { type: 'Point', coordinates: form.location } : null,
    postcode: form.postcode.trim() === '' ? null : form.postcode,
    address: form.address,
    phone: form.phone,
    email: form.email.trim(),
    website: form.website.trim(),
    openingHours: form.openingHours,
    wheelchair: form.wheelchair === '' ? null : form.wheelchair,
    accessibilityNote: form.accessibilityNote,
    free: tri(form.free),
    costNote: form.costNote,
    ageMin: age(form.ageMin),
    ageMax: age(form.ageMax),
    languages: form.languages
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
    organisation: form.organisation,
    carersWelcome: tri(form.carersWelcome),
    volunteersWanted: tri(form.volunteersWanted),
    capacity: capacity(form),
    lifecycleStatus: form.lifecycleStatus,
  };
  if (includeSensitive) draft.sensitive = form.sensitive;
  return draft;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

/**
 * The form filled from an asset (public or worker view) or a proposal's fields. A pin from a
 * postcode stays postcode-placed, so resaving does not claim an exactness it never had.
 */
export function fromRecord(record: Record<string, unknown>): AssetFormState {
  const point = record.location as { coordinates?: unknown } | null | undefined;
  const coordinates = Array.isArray(point?.coordinates) ? (point.coordinates as [number, number]) : null;
  const precision = record.locationPrecision;
  const held = record.capacity as { value?: unknown; unit?: unknown } | null | undefined;
  return {
    name: text(record.name),
    categoryCode: text(record.categoryCode),
    abcdType: (text(record.abcdType) as AssetFormState['abcdType']) || '',
    description: text(record.description),
    location: coordinates,
    placedBy: coordinates ? (precision === 'postcode' && record.postcode ? 'postcode' : 'map') : null,
    postcode: text(record.postcode),
    address: text(record.address),
    phone: text(record.phone),
    email: text(record.email),
    website: text(record.website),
    openingHours: text(record.openingHours),
    wheelchair: (text(record.wheelchair) as AssetFormState['wheelchair']) || '',
    accessibilityNote: text(record.accessibilityNote),
    free: fromTri(record.free),
    costNote: text(record.costNote),
    ageMin: text(record.ageMin),
    ageMax: text(record.ageMax),
    languages: Array.isArray(record.languages) ? record.languages.map(text).join(', ') : '',
    organisation: text(record.organisation),
    carersWelcome: fromTri(record.carersWelcome),
    volunteersWanted: fromTri(record.volunteersWanted),
    capacity: typeof held?.value === 'number' ? String(held.value) : '',
    capacityUnit: (text(held?.unit) as AssetFormState['capacityUnit']) || '',
    lifecycleStatus: (text(record.lifecycleStatus) as LifecycleStatus) || 'active',
    sensitive: record.sensitive === true,
  };
}
