import {
  capacityInWords,
  CATEGORY_TAXONOMY_NAME,
  type Category,
  type HsdsService,
  type HsdsServiceAtLocationItem,
  type HsdsTaxonomy,
  type HsdsTaxonomyTerm,
} from '@common-ground/schema';
import { tidyName } from '@common-ground/geo/asset-files';
import { createHash } from 'node:crypto';
import type { ExportAsset } from '../export/export.repository.js';
import { weeklyIntervals } from '@common-ground/geo/opening-hours';
import { attributionOf, isShareAlike } from '../export/licences.js';

/** RFC 4122's URL namespace: our names are URL-like ("common-ground:category:food-bank"). */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

/**
 * A name-based (version 5, SHA-1) UUID. HSDS wants UUIDs for every object; an asset's id
 * already is one (and is the service's id), but its location, address, schedules and our
 * category codes are not, so each gets a UUID derived from what it belongs to: the same
 * asset always gives the same ids, export after export.
 * @example uuidV5('common-ground:category:food-bank') // '…-5…' (always the same)
 */
export function uuidV5(name: string, namespace = URL_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Our categories as one HSDS taxonomy. */
export const CATEGORY_TAXONOMY: HsdsTaxonomy = {
  id: uuidV5(`common-ground:taxonomy:${CATEGORY_TAXONOMY_NAME}`),
  name: CATEGORY_TAXONOMY_NAME,
  description: 'Common Ground asset categories (data/categories.json): a hierarchy of community assets by what they offer.',
  version: '1',
};

/** An organisation's id, from its name (as written, any case and spacing at the ends). */
export const organisationId = (name: string): string => uuidV5(`common-ground:organisation:${name.trim().toLowerCase()}`);

export const categoryTermId = (code: string): string => uuidV5(`common-ground:category:${code}`);

/** A category as an HSDS taxonomy term; `term` is our category code. */
export function categoryTerm(category: Pick<Category, 'code' | 'parentCode' | 'name' | 'description'>): HsdsTaxonomyTerm {
  return {
    id: categoryTermId(category.code),
    code: category.code,
    name: category.name,
    description: category.description,
    ...(category.parentCode ? { parent_id: categoryTermId(category.parentCode) } : {}),
    taxonomy: CATEGORY_TAXONOMY_NAME,
    taxonomy_id: CATEGORY_TAXONOMY.id,
    term: category.code,
  };
}

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/**
 * Europe/London's offset from UTC at `instant` ("+00:00" in winter, "+01:00" in summer).
 * The profile asks for times with an offset; hours are London time, so a schedule's times
 * carry the offset in force when the answer is made (it changes at the clock changes).
 */
export function londonOffset(instant: Date): string {
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')!.value; // "GMT" or "GMT+01:00"
  return name === 'GMT' ? '+00:00' : name.slice(3);
}

/** Degrees to 6 decimal places (~0.1 m): no float32 noise from source files (53.39328384399414). */
export const roundDegrees = (value: number): number => Math.round(value * 1e6) / 1e6;
const hhmm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * Weekly HSDS schedules from OpenStreetMap opening hours: one per set of days sharing the
 * same hours ("MO,TU,WE" 09:00–17:00). A period past midnight is split at it (a day's
 * last minute is 23:59). Hours that do not parse, or have no fixed times ("by
 * appointment"), become one schedule carrying the text alone. Every schedule keeps the
 * hours as written in `description`, so they import back exactly.
 */
export function schedulesFromOpeningHours(
  openingHours: string,
  ids: (key: string) => string,
  offset = '',
): { id: string; freq?: 'WEEKLY'; byday?: string; opens_at?: string; closes_at?: string; description: string }[] {
  const intervals = weeklyIntervals(openingHours);
  if (!intervals || intervals.length === 0) return [{ id: ids('text'), description: openingHours }];
  const byHours = new Map<string, Set<number>>();
  for (const [opens, closes] of intervals) {
    for (let day = Math.floor(opens / 1440); day * 1440 < closes && day < 7; day++) {
      const from = Math.max(opens, day * 1440) - day * 1440;
      const to = Math.min(closes, (day + 1) * 1440) - day * 1440;
      const key = `${hhmm(from)}-${hhmm(Math.min(to, 1439))}`;
      if (!byHours.has(key)) byHours.set(key, new Set());
      byHours.get(key)!.add(day);
    }
  }
  return [...byHours].map(([key, days]) => {
    const [opensAt, closesAt] = key.split('-') as [string, string];
    const byday = [...days]
      .sort((a, b) => a - b)
      .map((d) => DAYS[d]!)
      .join(',');
    return {
      id: ids(`${byday}:${key}`),
      freq: 'WEEKLY' as const,
      byday,
      opens_at: `${opensAt}${offset}`,
      closes_at: `${closesAt}${offset}`,
      description: openingHours,
    };
  });
}

/** ajv-formats' `email` pattern: an address the HSDS schema accepts. */
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** A web address as an absolute http(s) URI, or undefined when it is not one. */
export function webUri(value: string | null): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One public asset as a full HSDS 3.0 service (Open Referral UK profile): the service's id
 * is the asset's; its one location is where the asset is; the category is an attribute
 * linking the service to a term of the `common-ground-categories` taxonomy. What HSDS has
 * no field for (licence, attribution, how exact the point is) travels in properties
 * prefixed `x_`, which the profile's schemas allow.
 */
export function assetToService(asset: ExportAsset, categories: ReadonlyMap<string, Category>, now: Date = new Date()): HsdsService {
  const id = asset.id;
  const child = (kind: string) => uuidV5(`common-ground:asset:${id}:${kind}`);
  const locationId = child('location');
  const category = categories.get(asset.categoryCode) ?? {
    code: asset.categoryCode,
    parentCode: null,
    name: asset.categoryName,
    description: asset.categoryName,
  };
  // The organisation that runs the asset, when known. Not the data's publisher (that is
  // x_provenance's attribution): an importer reads `organization.name` as the asset's
  // organisation, and "OpenStreetMap contributors" runs no community centre.
  const organization = asset.organisation
    ? {
        id: organisationId(asset.organisation),
        name: asset.organisation,
        description: asset.organisation,
      }
    : undefined;
  const email = asset.email?.trim();
  const url = webUri(asset.website);
  const hasAddress = asset.address !== null || asset.postcode !== null;
  return {
    id,
    // Source files pad some names ("  DR ROBERTS"): published trimmed, spaces collapsed.
    name: tidyName(asset.name),
    ...(asset.description ? { description: asset.description } : {}),
    ...(url ? { url } : {}),
    ...(email && EMAIL.test(email) ? { email } : {}),
    status: asset.lifecycleStatus,
    ...(asset.ageMin !== null ? { minimum_age: asset.ageMin } : {}),
    ...(asset.ageMax !== null ? { maximum_age: asset.ageMax } : {}),
    last_modified: new Date(asset.updatedAt).toISOString(),
    ...(asset.lastVerifiedAt ? { assured_date: asset.lastVerifiedAt.slice(0, 10) } : {}),
    ...(organization ? { organization_id: organization.id, organization } : {}),
    service_at_locations: [
      {
        // The service's one service at location shares its id, so /service_at_locations/{id}
        // finds it (ids are unique within each HSDS table, not across tables).
        id,
        service_id: id,
        location_id: locationId,
        location: {
          id: locationId,
          location_type: 'physical',
          name: tidyName(asset.name),
          ...(asset.localAuthority ? { description: `In ${asset.localAuthority}` } : {}),
          latitude: roundDegrees(asset.lat),
          longitude: roundDegrees(asset.lon),
          x_location_precision: asset.locationPrecision,
          addresses: hasAddress
            ? [
                {
                  id: child('address'),
                  location_id: locationId,
                  address_1: asset.address ?? '',
                  // Our address is one line that may already name the town; an importer
                  // joins address_1, city, region and postcode, so these stay empty (the
                  // schema wants them present) and the local authority is the location's
                  // description instead: an export imports back to the same address.
                  city: '',
                  state_province: '',
                  postal_code: asset.postcode ?? '',
                  country: 'GB',
                  address_type: 'physical',
                },
              ]
            : [],
          accessibility: asset.wheelchair
            ? [
                {
                  id: child('wheelchair'),
                  location_id: locationId,
                  accessibility: 'wheelchair',
                  details: asset.wheelchair,
                  description: `Wheelchair access: ${asset.wheelchair}`,
                },
              ]
            : [],
        },
      },
    ],
    phones: asset.phone ? [{ id: child('phone'), number: asset.phone }] : [],
    schedules: asset.openingHours
      ? schedulesFromOpeningHours(asset.openingHours, (key) => child(`schedule:${key}`), londonOffset(now)).map((s) => ({ ...s, service_id: id }))
      : [],
    cost_options: asset.isFree === null ? [] : [{ id: child('cost'), service_id: id, option: asset.isFree ? 'Free' : 'Charges apply' }],
    ...(asset.capacity !== null && asset.capacityUnit !== null
      ? {
          capacities: [
            {
              id: child(`capacity:${asset.capacityUnit}`),
              service_id: id,
              unit: { id: uuidV5(`common-ground:capacity-unit:${asset.capacityUnit}`), name: asset.capacityUnit, scheme: 'common-ground' },
              available: asset.capacity,
              description: capacityInWords({ value: asset.capacity, unit: asset.capacityUnit }),
              updated: new Date(asset.updatedAt).toISOString(),
            },
          ],
        }
      : {}),
    attributes: [
      {
        id: child(`attribute:${category.code}`),
        link_id: id,
        // What the term describes (our category: the kind of service), and the table link_id is in.
        link_type: 'category',
        link_entity: 'service',
        taxonomy_term_id: categoryTermId(category.code),
        taxonomy_term: categoryTerm(category),
      },
    ],
    x_provenance: {
      source: asset.source,
      source_id: asset.sourceId,
      licence: asset.licence,
      attribution: attributionOf(asset),
      share_alike: asset.sources.some((s) => isShareAlike(s.licence)),
      ...(asset.nationalId && asset.nationalIdScheme ? { national_id: asset.nationalId, national_id_scheme: asset.nationalIdScheme } : {}),
    },
  };
}

/**
 * A service's (one) service at location as `/service_at_locations` answers it: the link,
 * its location, and the service itself without its locations (they are this one).
 */
export function serviceAtLocationOf(service: HsdsService): HsdsServiceAtLocationItem {
  const {
    service_at_locations: [sal],
    ...rest
  } = service;
  return { ...sal!, service: rest };
}
