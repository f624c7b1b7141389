import { CATEGORY_TAXONOMY_NAME, type ImportFormat } from '@common-ground/schema';
import { serviceCapacity } from './capacity.js';
import { Collector } from './collector.js';
import { checkPoint, coordinate, round } from './place.js';
import { schedulesToHours } from './schedules.js';
import { assetIdOf, findPostcode, htmlToText, identifiersOf, squash, text } from './text.js';
import { normalisePostcode } from '../postcodes.js';
import { ImportFileError, type ImportIssue, type ParseImportOptions, type ParsedImport, type TaxonomyMapping } from './types.js';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const id = (v: unknown): string | null => text(v);

/** A service with what places and describes it, however the feed nested or tabulated it. */
interface ServiceUnit {
  service: Obj;
  organization: Obj | null;
  locations: Obj[];
  schedules: Obj[];
  terms: Obj[];
  /** Set for items that are not services at all (an organisation with none). */
  notAService?: { ref: string; message: string; name: string | null; sourceId: string | null };
}

/** Terms under HSDS 3 `attributes[].taxonomy_term`, HSDS `taxonomy_terms`, ORUK v1 `service_taxonomys[].taxonomy`. */
function termsOf(service: Obj): Obj[] {
  return [
    ...list(service.attributes).flatMap((a) => (isObj(a.taxonomy_term) ? [a.taxonomy_term] : [])),
    ...list(service.taxonomy_terms),
    ...list(service.service_taxonomys).flatMap((t) => (isObj(t.taxonomy) ? [t.taxonomy] : [])),
  ];
}

function unitOfService(service: Obj, organization: Obj | null = null): ServiceUnit {
  const sals = list(service.service_at_locations);
  return {
    service,
    organization: isObj(service.organization) ? service.organization : organization,
    locations: [...sals.flatMap((s) => (isObj(s.location) ? [s.location] : [])), ...list(service.locations)],
    schedules: [...list(service.schedules), ...list(service.regular_schedules), ...sals.flatMap((s) => [...list(s.schedules), ...list(s.regular_schedules)])],
    terms: termsOf(service),
  };
}

/** Organisation-only fields: a service has `url` and `status`, an organisation `website`, `logo`, identifiers. */
function looksLikeOrganization(item: Obj): boolean {
  return (
    !('status' in item) &&
    !('service_at_locations' in item) &&
    ['website', 'logo', 'organization_identifiers', 'legal_status', 'year_incorporated', 'parent_organization_id'].some((k) => k in item)
  );
}

/** One item of a list or page: a service, a service_at_location or an organisation with its services. */
function unitsOfItem(item: Obj, index: number): ServiceUnit[] {
  if (isObj(item.service) || (isObj(item.location) && !('name' in item))) {
    // service_at_location: a service at one place.
    const service = isObj(item.service) ? item.service : {};
    const unit = unitOfService(service);
    unit.locations = isObj(item.location) ? [item.location] : [];
    unit.schedules = [...unit.schedules, ...list(item.schedules), ...list(item.regular_schedules)];
    return [unit];
  }
  if (Array.isArray(item.services) || looksLikeOrganization(item)) {
    const services = list(item.services);
    if (services.length === 0) {
      return [
        {
          service: item,
          organization: null,
          locations: [],
          schedules: [],
          terms: [],
          notAService: {
            ref: `organization ${id(item.id) ?? index + 1}`,
            message: 'an organisation with no services: there is nothing to place on the map',
            name: text(item.name),
            sourceId: id(item.id),
          },
        },
      ];
    }
    return services.map((s) => unitOfService(s, item));
  }
  return [unitOfService(item)];
}

/** Joins the tables of a tabular HSDS file (datapackage resources as arrays) into nested services. */
function unitsOfTables(t: Obj): ServiceUnit[] {
  const byId = (rows: Obj[]) => new Map(rows.flatMap((r) => (id(r.id) ? [[id(r.id)!, r] as const] : [])));
  const groupBy = (rows: Obj[], key: string) => {
    const m = new Map<string, Obj[]>();
    for (const r of rows) {
      const k = id(r[key]);
      if (k) m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  };
  const table = (...names: string[]) => names.flatMap((n) => list(t[n]));
  const organizations = byId(table('organizations', 'organization'));
  const locations = byId(table('locations', 'location'));
  const terms = byId(table('taxonomy_terms', 'taxonomy_term'));
  const sals = table('service_at_locations', 'service_at_location');
  const salsByService = groupBy(sals, 'service_id');
  const addressesByLocation = groupBy(table('addresses', 'address', 'physical_addresses'), 'location_id');
  const schedules = table('schedules', 'schedule', 'regular_schedules');
  const schedulesByService = groupBy(schedules, 'service_id');
  const schedulesBySal = groupBy(schedules, 'service_at_location_id');
  const phonesByService = groupBy(table('phones', 'phone'), 'service_id');
  const attributesByLink = groupBy(table('attributes', 'attribute'), 'link_id');
  const units = byId(table('units', 'unit'));
  const capacitiesByService = groupBy(table('service_capacities', 'service_capacity'), 'service_id');
  return table('services', 'service').map((service) => {
    const sid = id(service.id) ?? '';
    const serviceSals = salsByService.get(sid) ?? [];
    return {
      service: {
        ...service,
        phones: [...list(service.phones), ...(phonesByService.get(sid) ?? [])],
        // A capacity row names its unit by unit_id in the units table.
        capacities: [
          ...list(service.capacities),
          ...(capacitiesByService.get(sid) ?? []).map((c) => ({ ...c, unit: isObj(c.unit) ? c.unit : units.get(id(c.unit_id) ?? '') })),
        ],
      },
      organization: organizations.get(id(service.organization_id) ?? '') ?? null,
      locations: serviceSals.flatMap((s) => {
        const loc = locations.get(id(s.location_id) ?? '');
        return loc ? [{ ...loc, addresses: [...list(loc.addresses), ...(addressesByLocation.get(id(loc.id) ?? '') ?? [])] }] : [];
      }),
      schedules: [...(schedulesByService.get(sid) ?? []), ...serviceSals.flatMap((s) => schedulesBySal.get(id(s.id) ?? '') ?? [])],
      terms: [
        ...termsOf(service),
        ...(attributesByLink.get(sid) ?? []).flatMap((a) => {
          const term = terms.get(id(a.taxonomy_term_id) ?? '');
          return term ? [term] : [];
        }),
      ],
    };
  });
}

const TABLE_KEYS = ['services', 'organizations', 'locations', 'service_at_locations'];

/**
 * Recognises the shapes an Open Referral feed comes in and says which it is: HSDS 3
 * pages (`contents`, `total_items`…), ORUK pages (`content`, `totalElements`…), a plain
 * array, a tabular object, or a single service / organisation / service_at_location.
 * Null when the JSON is none of these.
 */
export function openReferralShape(json: unknown): { format: ImportFormat; items: Obj[] | null; tables: Obj | null } | null {
  const looksLikeItem = (o: Obj) => 'name' in o || isObj(o.service) || isObj(o.location);
  const orukFlavour = (items: Obj[]) => items.some((i) => 'pc_metadata' in i || 'service_taxonomys' in i || 'physical_addresses' in i);
  if (Array.isArray(json)) {
    const items = json.filter(isObj);
    if (items.length !== json.length || (items.length > 0 && !items.every(looksLikeItem))) return null;
    return { format: orukFlavour(items) ? 'oruk' : 'hsds', items, tables: null };
  }
  if (!isObj(json)) return null;
  if (Array.isArray(json.contents)) return { format: 'hsds', items: list(json.contents), tables: null };
  if (Array.isArray(json.content) && ('totalElements' in json || 'totalPages' in json || 'number' in json)) {
    return { format: 'oruk', items: list(json.content), tables: null };
  }
  // Tables sit at the top level with no record of their own (an organisation with its
  // `services` has an id and a name).
  if (Array.isArray(json.services) && !('id' in json) && TABLE_KEYS.some((k) => k !== 'services' && Array.isArray(json[k]))) {
    return { format: 'hsds', items: null, tables: json };
  }
  if ('id' in json && looksLikeItem(json) && !('type' in json && (json.type === 'FeatureCollection' || json.type === 'Feature'))) {
    return { format: orukFlavour([json]) ? 'oruk' : 'hsds', items: [json], tables: null };
  }
  return null;
}

/** A term of our own category taxonomy (Open Referral exported from Common Ground) names the category itself. */
function ownCategory(terms: readonly Obj[], categories: readonly { code: string }[]): string | null {
  for (const t of terms) {
    if (text(t.taxonomy) !== CATEGORY_TAXONOMY_NAME) continue;
    const code = text(t.code) ?? text(t.term);
    if (code && categories.some((c) => c.code === code)) return code;
  }
  return null;
}

/** How a service's category was found from the taxonomy table, for the record's note. */
export interface TaxonomyGuess {
  categoryCode: string;
  /** `term`: a taxonomy term the service carries; `keyword`: a word in its name, description or terms' names. */
  by: 'term' | 'keyword';
  /** The term or keyword that decided. */
  matched: string;
  /** For a keyword: where it was found. */
  where?: 'name' | 'description' | 'taxonomy term';
}

/**
 * A service's category from the taxonomy table (data/taxonomy-categories.csv): first its
 * taxonomy terms (the first vocabulary row, in file order, matching a term's code, name or id
 * within that vocabulary; `*`: any), and only when none matches, keywords (the first
 * `keyword` row whose phrase is in the service's name, then its description, then its
 * terms' names). Terms are what the publisher said; keywords are a guess, and say so.
 */
export function guessCategory(
  mappings: readonly TaxonomyMapping[],
  terms: readonly Obj[],
  serviceName: string,
  description: string | null = null,
): TaxonomyGuess | null {
  const termKeys = terms.map((t) => ({
    vocabulary: squash(text(t.taxonomy) ?? text(t.vocabulary) ?? text(t.taxonomy_id) ?? ''),
    keys: new Set([t.code, t.term, t.name, t.id].map((v) => squash(text(v) ?? '')).filter((k) => k !== '')),
  }));
  for (const m of mappings) {
    if (m.vocabulary === 'keyword') continue;
    const vocab = squash(m.vocabulary);
    const key = squash(m.term);
    if (termKeys.some((t) => (m.vocabulary === '*' || t.vocabulary.includes(vocab)) && t.keys.has(key))) {
      return { categoryCode: m.categoryCode, by: 'term', matched: m.term };
    }
  }
  const words = (v: string | null) => ` ${(v ?? '').toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  const places = [
    { where: 'name' as const, words: words(serviceName) },
    { where: 'description' as const, words: words(description) },
    { where: 'taxonomy term' as const, words: words(terms.map((t) => text(t.name) ?? text(t.term) ?? '').join(' ')) },
  ];
  for (const place of places) {
    for (const m of mappings) {
      if (m.vocabulary !== 'keyword') continue;
      const phrase = m.term
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
      if (phrase && place.words.includes(` ${phrase} `)) return { categoryCode: m.categoryCode, by: 'keyword', matched: m.term, where: place.where };
    }
  }
  return null;
}

/** The category code alone (see guessCategory). */
export function categoryForTerms(
  mappings: readonly TaxonomyMapping[],
  terms: readonly Obj[],
  serviceName: string,
  description: string | null = null,
): string | null {
  return guessCategory(mappings, terms, serviceName, description)?.categoryCode ?? null;
}

function addressOf(location: Obj): { address: string | null; postcode: string | null } {
  const addresses = [...list(location.addresses), ...list(location.physical_addresses)];
  const a = addresses.find((x) => text(x.address_type) !== 'postal') ?? addresses[0];
  if (!a) return { address: text(location.address) ?? null, postcode: findPostcode(text(location.address)) };
  const parts = [a.address_1, a.address_2, a.city, a.region ?? a.state_province, a.postal_code].map(text).filter((p): p is string => !!p);
  const address = parts.length > 0 ? parts.join(', ') : null;
  return { address, postcode: normalisePostcode(text(a.postal_code)) ?? findPostcode(address) };
}

const CLOSED_STATUSES = new Set(['inactive', 'defunct', 'temporarily closed', 'closed']);

/**
 * Reads Open Referral JSON, HSDS 3.0 or the older ORUK list format: one record per
 * service and location. A service with no location is placed by a postcode found in its
 * or its organisation's text (the list format carries no addresses) or rejected; an
 * inactive or defunct service is rejected, because an import adds places people can use.
 */
export function parseOpenReferral(json: unknown, options: ParseImportOptions): ParsedImport {
  const shape = openReferralShape(json);
  if (!shape) throw new ImportFileError('The JSON is not an Open Referral feed, GeoJSON or anything else this import reads.');
  const units = shape.tables ? unitsOfTables(shape.tables) : (shape.items ?? []).flatMap(unitsOfItem);
  const out = new Collector(options.maxRecords);
  out.expect(units.length);
  units.forEach((unit, index) => {
    if (unit.notAService) {
      const { ref, message, name, sourceId } = unit.notAService;
      out.reject({ ref, name, sourceId }, [{ field: 'services', message }]);
      return;
    }
    const { service, organization } = unit;
    const serviceId = id(service.id);
    const ref = `service ${serviceId ?? `#${index + 1}`}`;
    const baseId = serviceId ?? `service-${index + 1}`;
    const name = text(service.name);
    const issues: ImportIssue[] = [];
    const notes: ImportIssue[] = [];
    if (!name) issues.push({ field: 'name', message: 'the service has no name' });
    const status = (text(service.status) ?? 'active').toLowerCase();
    if (CLOSED_STATUSES.has(status)) issues.push({ field: 'status', message: `the service is ${status}: only active services are imported` });

    const description = htmlToText(text(service.description));
    let categoryCode = ownCategory(unit.terms, options.categories);
    if (!categoryCode) {
      const guess = guessCategory(options.taxonomy, unit.terms, name ?? '', description);
      categoryCode = guess?.categoryCode ?? null;
      // A keyword is a guess: said on the record (the CLI and the screen list these).
      if (guess?.by === 'keyword') {
        notes.push({
          field: 'category',
          message: `category guessed: no taxonomy term matched; "${guess.matched}" in its ${guess.where} gave ${guess.categoryCode}`,
        });
      }
    }
    if (!categoryCode && options.defaultCategory) {
      categoryCode = options.defaultCategory;
      notes.push({ field: 'category', message: `category guessed: no taxonomy term matched, so ${options.defaultCategory} was used` });
    } else if (!categoryCode) {
      issues.push({ field: 'category', message: 'no taxonomy term matched a category, and no default category was chosen' });
    }

    const organisationName = text(organization?.name);
    const phones = [...list(service.phones), ...list(service.contacts).flatMap((c) => list(c.phones))];
    const { openingHours, note } = schedulesToHours(unit.schedules);
    const { capacity, note: capacityNote } = serviceCapacity(service);
    if (capacityNote) notes.push(capacityNote);
    const common = {
      name: name ?? '',
      categoryCode: categoryCode ?? '',
      description,
      organisation: organisationName,
      website: text(service.url) ?? text(organization?.website) ?? text(organization?.url),
      email: text(service.email) ?? text(organization?.email),
      phone: text(phones[0]?.number),
      openingHours,
      openingHoursNote: note,
      capacity,
      // Our own HSDS export: the service id is the asset's, x_provenance carries its register code.
      assetId: assetIdOf(baseId),
      identifiers: isObj(service.x_provenance) ? identifiersOf(text(service.x_provenance.national_id_scheme), text(service.x_provenance.national_id)) : [],
    };

    const places = unit.locations.filter((l) => text(l.location_type) !== 'virtual');
    if (places.length === 0) {
      // No location: a postcode in the service's or organisation's own words can still place it.
      const postcode = findPostcode(description) ?? findPostcode(htmlToText(text(organization?.description))) ?? findPostcode(organisationName);
      if (!postcode) {
        issues.push({
          field: 'location',
          message: shape.format === 'oruk' ? 'no location: the list format carries no address or postcode for this service' : 'no location or postcode',
        });
      }
      if (issues.length > 0) {
        out.reject({ ref, sourceId: baseId, name }, issues);
        return;
      }
      out.accept({ ref, line: null, sourceId: baseId, ...common, lon: null, lat: null, precision: 'postcode', postcode, address: null, issues: notes });
      return;
    }

    places.forEach((location, li) => {
      const locationId = id(location.id) ?? String(li + 1);
      const sourceId = places.length > 1 ? `${baseId}@${locationId}` : baseId;
      const at = places.length > 1 ? `${ref} at location ${locationId}` : ref;
      const here = [...issues];
      const { address, postcode } = addressOf(location);
      const la = coordinate(location.latitude);
      const lo = coordinate(location.longitude);
      let lon: number | null = null;
      let lat: number | null = null;
      if (la === 'invalid') here.push({ field: 'latitude', message: `latitude ${JSON.stringify(location.latitude)} is not a number` });
      else if (lo === 'invalid') here.push({ field: 'longitude', message: `longitude ${JSON.stringify(location.longitude)} is not a number` });
      else if (la !== null && lo !== null) {
        const problems = checkPoint(lo, la, { lon: 'longitude', lat: 'latitude' });
        if (problems.length > 0) here.push(...problems);
        else {
          lon = round(lo);
          lat = round(la);
        }
      }
      if (lon === null && !postcode && !here.some((i) => i.field === 'latitude' || i.field === 'longitude')) {
        here.push({ field: 'location', message: 'the location has no coordinates and no postcode' });
      }
      if (here.length > 0) {
        out.reject({ ref: at, sourceId, name }, here);
        return;
      }
      out.accept({
        ref: at,
        line: null,
        sourceId,
        ...common,
        lon,
        lat,
        precision: lon !== null ? 'exact' : 'postcode',
        postcode,
        address,
        issues: notes,
      });
    });
  });
  return { format: shape.format, columns: null, records: out.records, rejected: out.rejected };
}
