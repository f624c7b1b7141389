import type { Wheelchair } from '@common-ground/schema';
import { findPostcode, text } from './text.js';
import { normalisePostcode } from '../postcodes.js';
import type { ImportCandidate, OsmTagMapping } from './types.js';

export type OsmTags = Record<string, string>;

/** Keys whose presence says "these properties are OpenStreetMap tags". */
const OSM_MAIN_KEYS = [
  'amenity',
  'leisure',
  'shop',
  'office',
  'club',
  'healthcare',
  'landuse',
  'tourism',
  'social_facility',
  'building',
  'craft',
  'sport',
  'historic',
];

/** Do these properties look like OSM tags (a main feature key, or `addr:*` keys)? */
export function looksLikeOsmTags(props: Record<string, unknown>): boolean {
  return Object.keys(props).some((k) => OSM_MAIN_KEYS.includes(k) || k.startsWith('addr:'));
}

/** The first mapping row (in file order) matching one of the tags; `*` matches any value. */
export function categoryForTags(mappings: readonly OsmTagMapping[], tags: OsmTags): string | null {
  for (const m of mappings) {
    const v = tags[m.key];
    if (v !== undefined && (m.value === '*' || v.split(';').some((part) => part.trim() === m.value))) return m.categoryCode;
  }
  return null;
}

/** The main tags of a feature, for a message: "amenity=bench". */
export function describeTags(tags: OsmTags): string {
  const main = Object.entries(tags).filter(([k]) => OSM_MAIN_KEYS.includes(k));
  const shown = (main.length > 0 ? main : Object.entries(tags).filter(([k]) => !k.startsWith('addr:') && k !== 'name')).slice(0, 3);
  return shown.length > 0 ? shown.map(([k, v]) => `${k}=${v}`).join(', ') : '(no tags)';
}

function wheelchair(value: string | undefined): Wheelchair | null {
  return value === 'yes' || value === 'limited' || value === 'no' ? value : value === 'designated' ? 'yes' : null;
}

/**
 * The asset fields OSM tags carry: name, opening_hours, wheelchair, phone, website,
 * email, description, operator (→ organisation), and the `addr:*` tags as an address
 * with its postcode.
 */
export function fieldsFromTags(tags: OsmTags): Pick<
  ImportCandidate,
  'description' | 'organisation' | 'address' | 'postcode' | 'phone' | 'email' | 'website' | 'openingHours' | 'wheelchair'
> & {
  name: string | null;
} {
  const t = (k: string) => text(tags[k]);
  const street = [t('addr:housenumber'), t('addr:street')].filter(Boolean).join(' ');
  const addressParts = [t('addr:housename'), street || null, t('addr:place'), t('addr:suburb'), t('addr:city'), t('addr:postcode')].filter(
    (p): p is string => !!p,
  );
  const full = t('addr:full');
  const address = full ?? (addressParts.length > 0 ? addressParts.join(', ') : null);
  return {
    name: t('name') ?? t('official_name') ?? t('name:en'),
    description: t('description'),
    organisation: t('operator'),
    address,
    postcode: normalisePostcode(t('addr:postcode')) ?? findPostcode(address),
    phone: t('phone') ?? t('contact:phone'),
    email: t('email') ?? t('contact:email'),
    website: t('website') ?? t('contact:website') ?? t('url'),
    openingHours: t('opening_hours'),
    wheelchair: wheelchair(tags.wheelchair),
  };
}
