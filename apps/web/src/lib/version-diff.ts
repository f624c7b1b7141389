import { hoursInWords } from './hours-in-words.js';

/**
 * Comparing two versions of an asset field by field, in words: for the history list, the
 * moderation queue's before → after, and the side-by-side view of an edit conflict.
 */

/** The fields people edit, in form order, with the words the form uses for them. */
export const ASSET_FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  categoryCode: 'Category',
  abcdType: 'ABCD type',
  description: 'Description',
  location: 'Location',
  postcode: 'Postcode',
  address: 'Address',
  phone: 'Phone',
  email: 'Email',
  website: 'Website',
  openingHours: 'Opening hours',
  wheelchair: 'Wheelchair access',
  accessibilityNote: 'Accessibility note',
  free: 'Free',
  costNote: 'Cost note',
  ageMin: 'Youngest age',
  ageMax: 'Oldest age',
  languages: 'Languages',
  organisation: 'Run by',
  carersWelcome: 'Carers welcome',
  volunteersWanted: 'Volunteers wanted',
  lifecycleStatus: 'Status',
  sensitive: 'Sensitive location',
  reviewState: 'Review state',
  lastVerifiedAt: 'Last checked',
};

/** Coded values in words, as the form offers them. */
const VALUE_WORDS: Record<string, Record<string, string>> = {
  lifecycleStatus: { active: 'Open / running', inactive: 'Not running at the moment', 'temporarily closed': 'Temporarily closed', defunct: 'Closed for good' },
  wheelchair: { yes: 'Yes', limited: 'Partly', no: 'No' },
  reviewState: { pending: 'Pending review', published: 'Published', rejected: 'Rejected', changes_requested: 'Changes requested' },
};

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

/** One value as a person reads it: "—" for nothing, Yes/No, lists joined, points as lat, lon. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(valueText).join(', ');
  if (typeof value === 'object') {
    const point = value as { type?: unknown; coordinates?: unknown };
    if (point.type === 'Point' && Array.isArray(point.coordinates)) {
      const [lon, lat] = point.coordinates as number[];
      return `${Number(lat).toFixed(5)}, ${Number(lon).toFixed(5)}`;
    }
    return JSON.stringify(value);
  }
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'bigint' ? value.toString() : '—';
}

/**
 * A field's value in words: coded values as the form offers them, opening hours as the asset
 * page reads them ("Monday to Friday, 9am to 5pm"; a rule not read stays as written).
 */
function fieldText(field: string, value: unknown): string {
  const coded = VALUE_WORDS[field]?.[String(value)];
  if (coded) return coded;
  if (field === 'openingHours' && typeof value === 'string' && value.trim()) {
    return hoursInWords(value)
      .map((rule) => rule.text)
      .join('; ');
  }
  return valueText(value);
}

function labelFor(field: string): string {
  return ASSET_FIELD_LABELS[field] ?? field.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

/**
 * The fields whose shown value differs between two versions. With `fields`, only those (in
 * that order); otherwise the known form fields first, then any others present in either.
 * @example diffVersions({ name: 'Hall' }, { name: 'Old Hall' }) // [{ field: 'name', label: 'Name', before: 'Hall', after: 'Old Hall' }]
 */
export function diffVersions(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
  fields?: readonly string[],
): FieldChange[] {
  const a = before ?? {};
  const b = after ?? {};
  const keys = fields ?? [...new Set([...Object.keys(ASSET_FIELD_LABELS), ...Object.keys(a), ...Object.keys(b)])].filter((k) => k in a || k in b);
  const changes: FieldChange[] = [];
  for (const field of keys) {
    const beforeText = fieldText(field, a[field]);
    const afterText = fieldText(field, b[field]);
    if (beforeText !== afterText) changes.push({ field, label: labelFor(field), before: beforeText, after: afterText });
  }
  return changes;
}

/** Bookkeeping fields that change on every write and mean nothing to a reader. */
const BOOKKEEPING = new Set([
  'id',
  'version',
  'updatedAt',
  'createdAt',
  'provenance',
  'createdBy',
  'verifiedBy',
  'openSubmissions',
  'openReports',
  'categoryName',
  'areaName',
  'areaCode',
  'locationPrecision',
  'tags',
  'freshness',
]);

/** Like diffVersions, leaving out bookkeeping fields (ids, versions, timestamps). */
export function meaningfulChanges(before: Record<string, unknown> | null | undefined, after: Record<string, unknown> | null | undefined): FieldChange[] {
  return diffVersions(before, after).filter((c) => !BOOKKEEPING.has(c.field));
}

/**
 * Where a version puts the pin, in words. A proposal placed by postcode carries no point
 * (`location: null`): its pin is the postcode's centre, as the API will place it. A stored
 * version placed by postcode says so too, so an edit that keeps the postcode shows no change
 * of location (issue 17: it read "51.85295, -2.23899 → —", as if the pin were deleted).
 * @example pinText({ location: null, postcode: 'GL1 2TG' }) // 'Centre of GL1 2TG'
 */
export function pinText(version: { location?: unknown; postcode?: unknown; locationPrecision?: unknown }): string {
  const postcode = typeof version.postcode === 'string' && version.postcode.trim() ? version.postcode.trim().toUpperCase() : null;
  const placedByPostcode = version.location === null || version.location === undefined || version.locationPrecision === 'postcode';
  if (placedByPostcode && postcode) return `Centre of ${postcode}`;
  return valueText(version.location);
}

/**
 * A proposal's changes against the current version (null for a new place), with the pin
 * compared as pinText reads it, not as the raw point.
 */
export function proposalChanges(current: Record<string, unknown> | null, proposed: Record<string, unknown>, fields?: readonly string[]): FieldChange[] {
  const withPin = (v: Record<string, unknown>) => ({ ...v, location: pinText(v) });
  if (!current) return meaningfulChanges({}, withPin(proposed));
  return diffVersions(withPin(current), withPin(proposed), fields);
}
