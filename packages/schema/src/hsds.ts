import { z } from 'zod';
import { refineSearchFilters, SearchFilters } from './search.js';

/*
 * Open Referral UK / HSDS 3.0: the subset of the Human Services Data Specification the
 * read-only `/openreferral` API answers with. Field names are HSDS's own (snake_case); the
 * official JSON schemas (CC BY-SA 4.0) validate these answers in the API tests.
 */

/** HSDS identifiers are UUIDs; ours are derived from asset ids and category codes. */
const Uuid = z.uuid();

export const HsdsTaxonomy = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  uri: z.url().optional(),
  version: z.string().optional(),
});
export type HsdsTaxonomy = z.infer<typeof HsdsTaxonomy>;

export const HsdsTaxonomyTerm = z.object({
  id: Uuid,
  /** Our category code. */
  code: z.string(),
  name: z.string(),
  description: z.string(),
  parent_id: Uuid.optional(),
  taxonomy: z.string(),
  taxonomy_id: Uuid,
  /** Our category code again, as HSDS's `term`. */
  term: z.string(),
});
export type HsdsTaxonomyTerm = z.infer<typeof HsdsTaxonomyTerm>;

export const HsdsAttribute = z.object({
  id: Uuid,
  link_id: Uuid,
  link_type: z.string(),
  /** The table `link_id` is an id in (HSDS 3.0). */
  link_entity: z.string(),
  taxonomy_term_id: Uuid,
  taxonomy_term: HsdsTaxonomyTerm,
});

export const HsdsAddress = z.object({
  id: Uuid,
  location_id: Uuid,
  address_1: z.string(),
  city: z.string(),
  state_province: z.string(),
  postal_code: z.string(),
  country: z.string(),
  address_type: z.enum(['physical', 'postal', 'virtual']),
});

export const HsdsLocation = z.object({
  id: Uuid,
  location_type: z.enum(['physical', 'postal', 'virtual']),
  name: z.string(),
  /** The local authority it is in ("In Sheffield"), when known. */
  description: z.string().optional(),
  latitude: z.number(),
  longitude: z.number(),
  /** Extension: how exact the point is: exact, postcode (a postcode's centre) or approximate. */
  x_location_precision: z.enum(['exact', 'postcode', 'approximate']),
  addresses: z.array(HsdsAddress),
  /** Wheelchair access: `accessibility` "wheelchair", `details` yes, limited or no. */
  accessibility: z.array(z.object({ id: Uuid, location_id: Uuid, accessibility: z.string(), details: z.string(), description: z.string() })),
});

export const HsdsServiceAtLocation = z.object({
  id: Uuid,
  service_id: Uuid,
  location_id: Uuid,
  location: HsdsLocation,
});

export const HsdsSchedule = z.object({
  id: Uuid,
  service_id: Uuid,
  freq: z.literal('WEEKLY').optional(),
  byday: z.string().optional(),
  opens_at: z.string().optional(),
  closes_at: z.string().optional(),
  /** The hours as written (OpenStreetMap opening_hours syntax). */
  description: z.string().optional(),
});

export const HsdsPhone = z.object({ id: Uuid, number: z.string() });

export const HsdsOrganization = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  website: z.string().optional(),
});

/**
 * Where a service's data came from and on what terms. HSDS has no licence field, and its
 * objects allow further properties, so this travels as an `x_`-prefixed extension.
 */
export const HsdsProvenance = z.object({
  source: z.string(),
  source_id: z.string().nullable(),
  licence: z.string(),
  attribution: z.string(),
  share_alike: z.boolean(),
  /** The asset's code in a national register (an NHS ODS code), and that register's org-id.guide scheme (GB-NHS). */
  national_id: z.string().optional(),
  national_id_scheme: z.string().optional(),
});

/**
 * How much a service offers, as HSDS 3.1's `service_capacity` (the UK profile, HSDS 3.0,
 * has no capacity object; its service allows further properties, so the 3.1 shape travels
 * as `capacities`, where a 3.1 reader looks for it). `available` is the value; the unit is
 * one of our capacity units, in words.
 */
export const HsdsServiceCapacity = z.object({
  id: Uuid,
  service_id: Uuid,
  unit: z.object({ id: Uuid, name: z.string(), scheme: z.string() }),
  available: z.number(),
  description: z.string(),
  updated: z.string(),
});
export type HsdsServiceCapacity = z.infer<typeof HsdsServiceCapacity>;

export const HsdsService = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string().optional(),
  url: z.string().optional(),
  email: z.string().optional(),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  minimum_age: z.number().optional(),
  maximum_age: z.number().optional(),
  last_modified: z.string(),
  organization_id: Uuid.optional(),
  organization: HsdsOrganization.optional(),
  service_at_locations: z.array(HsdsServiceAtLocation),
  phones: z.array(HsdsPhone),
  schedules: z.array(HsdsSchedule),
  /** "Free" or "Charges apply", when known. */
  cost_options: z.array(z.object({ id: Uuid, service_id: Uuid, option: z.string() })),
  attributes: z.array(HsdsAttribute),
  /** Present when the capacity is known (HSDS 3.1 service_capacity objects). */
  capacities: z.array(HsdsServiceCapacity).optional(),
  x_provenance: HsdsProvenance,
});
export type HsdsService = z.infer<typeof HsdsService>;

/** The paging fields every HSDS list answer carries. */
const hsdsPage = <T extends z.ZodType>(item: T) =>
  z.object({
    total_items: z.number().int(),
    total_pages: z.number().int(),
    page_number: z.number().int(),
    size: z.number().int(),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(item),
  });

/** `/service_at_locations`: a service at its location, with the service (less its own locations). */
export const HsdsServiceAtLocationItem = HsdsServiceAtLocation.extend({
  service: HsdsService.omit({ service_at_locations: true }),
});
export type HsdsServiceAtLocationItem = z.infer<typeof HsdsServiceAtLocationItem>;

export const HsdsServicePage = hsdsPage(HsdsService);
export const HsdsServiceAtLocationPage = hsdsPage(HsdsServiceAtLocationItem);
export type HsdsServiceAtLocationPage = z.infer<typeof HsdsServiceAtLocationPage>;
export type HsdsServicePage = z.infer<typeof HsdsServicePage>;
export const HsdsTaxonomyPage = hsdsPage(HsdsTaxonomy);
export type HsdsTaxonomyPage = z.infer<typeof HsdsTaxonomyPage>;
export const HsdsTaxonomyTermPage = hsdsPage(HsdsTaxonomyTerm);
export type HsdsTaxonomyTermPage = z.infer<typeof HsdsTaxonomyTermPage>;

/** `GET /openreferral/`: which HSDS this is, and the terms the data comes under. */
export const HsdsApiInfo = z.object({
  version: z.string(),
  profile: z.url(),
  openapi_url: z.url(),
  /** Every source the public assets come from, with its licence and attribution. */
  x_licences: z.array(
    z.object({ source: z.string(), name: z.string(), licence: z.string(), attribution: z.string(), share_alike: z.boolean(), url: z.string().nullable() }),
  ),
});
export type HsdsApiInfo = z.infer<typeof HsdsApiInfo>;

export const HSDS_PAGE_MAX = 100;

export const HsdsPaging = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  per_page: z.coerce.number().int().min(1).max(HSDS_PAGE_MAX).default(20),
});
export type HsdsPaging = z.infer<typeof HsdsPaging>;

/** A time of day, `HH:MM` or `HH:MM:SS` (an offset, as the profile's times may carry, is read as London time). */
const TimeOfDay = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-4]):[0-5]\d(:[0-5]\d)?(Z|[+-]\d{2}:?\d{2})?$/, 'must be a time of day, HH:MM or HH:MM:SS');

/** Days as HSDS's `byday` writes them (MO … SU) or in full (Monday … Sunday), any case. */
export const HSDS_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
const DAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const Day = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const upper = value.toUpperCase();
    const index = HSDS_DAYS.indexOf(upper as (typeof HSDS_DAYS)[number]);
    const named = DAY_NAMES.indexOf(value.toLowerCase());
    const day = index >= 0 ? index : named;
    if (day < 0) {
      ctx.addIssue({ code: 'custom', message: 'must be a day: MO, TU, WE, TH, FR, SA, SU or its name (Monday …)' });
      return z.NEVER;
    }
    return HSDS_DAYS[day]!;
  });

/**
 * The filters the Open Referral UK profile defines for `/services` and `/service_at_locations`
 * (its openapi.json, components.parameters), each applied; see the README's Open Referral
 * section for how each maps onto our data. A parameter neither the profile nor our search
 * defines is a 400 naming it, never silently ignored (the object is strict).
 */
const HsdsProfileFilters = {
  search: z.string().trim().min(1).max(200).optional(),
  text: z.string().trim().min(1).max(200).optional(),
  taxonomy_term_id: z.string().trim().min(1).max(100).optional(),
  /** Services with any term of this taxonomy: ours is the only one, so another id finds none. */
  taxonomy_id: z.string().trim().min(1).max(100).optional(),
  /** Services whose minimum age is at least this (services with no minimum are left out). */
  minimum_age: z.coerce.number().min(0).max(120).optional(),
  /** Services whose maximum age is at most this (services with no maximum are left out). */
  maximum_age: z.coerce.number().min(0).max(120).optional(),
  /** Services with a regular opening that starts at or after this time (London time). */
  start_time: TimeOfDay.optional(),
  /** Services with a regular opening that ends at or before this time (London time). */
  end_time: TimeOfDay.optional(),
  /** Services with a regular opening on this day (with start_time/end_time: that opening). */
  day: Day.optional(),
  /** Services changed on or after this instant. */
  modified_after: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Services run by this organization (its id, as our answers give it). */
  organization_id: z.uuid().optional(),
  /** Metres around `postcode` (the profile's name for our `radius`). */
  proximity: z.coerce.number().int().min(1).max(50_000).optional(),
};

function refineHsdsQuery(
  q: SearchFilters & { q?: string; search?: string; text?: string; taxonomy_term_id?: string; proximity?: number; start_time?: string; end_time?: string },
  ctx: z.RefinementCtx,
): void {
  refineSearchFilters(q, ctx);
  const words = (['q', 'search', 'text'] as const).filter((key) => q[key] !== undefined);
  if (words.length > 1) ctx.addIssue({ code: 'custom', path: [words[1]!], message: `give the words once, not as ${words.join(' and ')}` });
  if (q.category && q.taxonomy_term_id) {
    ctx.addIssue({ code: 'custom', path: ['taxonomy_term_id'], message: 'give category or taxonomy_term_id, not both' });
  }
  if (q.proximity !== undefined && q.postcode === undefined) {
    ctx.addIssue({ code: 'custom', path: ['proximity'], message: 'proximity is metres around a postcode: give postcode too' });
  }
  if (q.start_time && q.end_time && q.start_time.slice(0, 5) > q.end_time.slice(0, 5)) {
    ctx.addIssue({ code: 'custom', path: ['end_time'], message: 'must not be before start_time' });
  }
}

/**
 * `GET /openreferral/services` and `/openreferral/service_at_locations`: HSDS paging, words as
 * `search` (the profile's name) or `text`, a taxonomy term (its id, or our category code),
 * the profile's filters and our search's filters.
 */
export const HsdsServicesQuery = SearchFilters.extend({
  ...HsdsPaging.shape,
  ...HsdsProfileFilters,
})
  .strict()
  .superRefine(refineHsdsQuery);
export type HsdsServicesQuery = z.infer<typeof HsdsServicesQuery>;

/**
 * The name of our own category taxonomy in Open Referral output: each term's `code` (and
 * `term`) is a category code, so a service exported from here is read back into its category.
 */
export const CATEGORY_TAXONOMY_NAME = 'common-ground-categories';
