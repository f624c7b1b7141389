import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseImportFile, sniffImportFormat } from './parse.js';
import { guessCategory } from './open-referral.js';
import { schedulesToHours } from './schedules.js';
import { htmlToText } from './text.js';
import { baseOptions, repoRoot, total, utf8 } from './test-support.js';
import type { ParseImportOptions } from './types.js';

let base: Omit<ParseImportOptions, 'format'>;
beforeAll(async () => {
  base = await baseOptions();
});

const fixture = (path: string) => new Uint8Array(readFileSync(`${repoRoot}tests/fixtures/${path}`));
const json = (v: unknown) => utf8(JSON.stringify(v));
const parse = (bytes: Uint8Array, extra: Partial<ParseImportOptions> = {}) => parseImportFile(bytes, { ...base, format: 'auto', ...extra });

const location = (id: string, lat: number | string | null, lon: number | string | null, postcode?: string) => ({
  id,
  name: `Location ${id}`,
  latitude: lat,
  longitude: lon,
  addresses: postcode
    ? [{ id: `a-${id}`, address_1: '1 High Street', city: 'Gloucester', postal_code: postcode, country: 'GB', address_type: 'physical' }]
    : [],
});
const service = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  name,
  description: `About ${name}`,
  status: 'active',
  organization: { id: 'org-1', name: 'Helping Hands', website: 'https://helping.example' },
  ...extra,
});

describe('the Bristol Open Place feed (ORUK list format)', () => {
  it('accounts for all 819 services: 49 placed by a postcode in their text, the rest reported', () => {
    const bytes = fixture('open-referral/oruk_bristol_services_2024-12.json');
    expect(sniffImportFormat(bytes)).toBe('oruk');
    const parsed = parse(bytes, { defaultCategory: 'community-group' });
    expect(parsed.format).toBe('oruk');
    expect(total(parsed)).toBe(819);
    expect(parsed.records).toHaveLength(49);
    expect(parsed.records.every((r) => r.precision === 'postcode' && /^BS\d{1,2} \d[A-Z]{2}$/.test(r.postcode ?? ''))).toBe(true);
    const byField = (field: string) => parsed.rejected.filter((r) => r.issues.some((i) => i.field === field)).length;
    expect(byField('name')).toBe(1);
    expect(byField('location')).toBe(770);
    expect(parsed.rejected).toHaveLength(770);
    expect(parsed.rejected.find((r) => r.issues.some((i) => i.field === 'name'))!.sourceId).toBe('def5ccd4-f121-df4d-60d2-4dc0d69ff555');
    expect(parsed.rejected[1]!.issues).toEqual([
      { field: 'location', message: 'no location: the list format carries no address or postcode for this service' },
    ]);
  });

  it('turns HTML descriptions into plain text and maps organisation, url and e-mail', () => {
    const parsed = parse(fixture('open-referral/oruk_bristol_services_2024-12.json'), { defaultCategory: 'community-group' });
    for (const r of parsed.records) {
      expect(r.description ?? '').not.toMatch(/<[a-z/][^>]*>|&nbsp;|&amp;/i);
      expect(r.sourceId).toMatch(/^[0-9a-f-]{36}$/);
    }
    const withOrg = parsed.records.filter((r) => r.organisation);
    expect(withOrg.length).toBeGreaterThan(40);
  });

  it('without a default category, keeps only the placed services whose names or descriptions match a taxonomy keyword, saying what was guessed', () => {
    const parsed = parse(fixture('open-referral/oruk_bristol_services_2024-12.json'));
    expect(total(parsed)).toBe(819);
    const where = (w: string) =>
      parsed.records.filter((r) => r.issues.some((i) => i.field === 'category' && new RegExp(`^category guessed: .* in its ${w} gave`).test(i.message))).length;
    // Of the 49 placed by a postcode, 9 have names such as "… Mental Health …", "Citizens Advice …", "… Carers …",
    // and 32 more say what they are in their descriptions ("… for children …"): each says what was guessed.
    expect(parsed.records).toHaveLength(41);
    expect(where('name')).toBe(9);
    expect(where('description')).toBe(32);
    expect(parsed.records.every((r) => r.issues.length === 1 && r.postcode !== null)).toBe(true);
    expect(parsed.rejected).toHaveLength(778);
    // The other 8 with a postcode are rejected for their category alone.
    const categoryOnly = parsed.rejected.filter((r) => r.issues.length === 1 && r.issues[0]!.field === 'category');
    expect(categoryOnly).toHaveLength(8);
  });
});

describe('HSDS 3.0 examples', () => {
  it('rejects the placeholder coordinates (latitude 100) of service_full.json, naming the field', () => {
    const bytes = fixture('hsds3/service_full.json');
    expect(sniffImportFormat(bytes)).toBe('hsds');
    const parsed = parse(bytes, { defaultCategory: 'mental-health-support' });
    expect(parsed.records).toEqual([]);
    expect(parsed.rejected).toEqual([
      {
        ref: 'service ac148810-d857-441c-9679-408f346de14b',
        line: null,
        sourceId: 'ac148810-d857-441c-9679-408f346de14b',
        name: 'Community Counselling',
        issues: [{ field: 'latitude', message: 'latitude 100 is out of range (−90 to 90)' }],
      },
    ]);
  });

  it.each([
    ['organization_full.json', 'latitude'],
    ['service_at_location_full.json', 'latitude'],
    ['service_at_location_list.json', 'latitude'],
    // The list's services carry no locations, and their text no postcode.
    ['service_list.json', 'location'],
  ])('reads %s and rejects its one service, naming the field %s', (file, field) => {
    const parsed = parse(fixture(`hsds3/${file}`), { defaultCategory: 'community-group' });
    expect(parsed.format).toBe('hsds');
    expect(total(parsed)).toBe(1);
    expect(parsed.rejected[0]).toMatchObject({ sourceId: 'ac148810-d857-441c-9679-408f346de14b', name: 'Community Counselling' });
    expect(parsed.rejected[0]!.issues.map((i) => i.field)).toEqual([field]);
  });

  it('reports an organisation listed without services', () => {
    const parsed = parse(fixture('hsds3/organization_list.json'), { defaultCategory: 'community-group' });
    expect(parsed.rejected[0]).toMatchObject({ ref: 'organization d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610', issues: [{ field: 'services' }] });
  });
});

describe('Open Referral shapes', () => {
  it('reads an HSDS 3 page: one record per service and location, ids service@location when several', () => {
    const page = {
      total_items: 3,
      total_pages: 1,
      page_number: 1,
      size: 3,
      first_page: true,
      last_page: true,
      empty: false,
      contents: [
        service('s1', 'Gloucester Food Bank', {
          service_at_locations: [
            { id: 'sal1', location: location('l1', 51.8642, -2.2382, 'GL1 2TG') },
            { id: 'sal2', location: location('l2', null, null, 'GL1 3AX') },
          ],
          phones: [{ id: 'p1', number: '01452 000000' }],
          schedules: [
            { id: 'sc1', freq: 'WEEKLY', byday: 'MO,TU,WE', opens_at: '10:00:00', closes_at: '14:00:00' },
            { id: 'sc2', freq: 'WEEKLY', byday: 'SA', opens_at: '09:30', closes_at: '12:00' },
          ],
        }),
        service('s2', 'Drop-in', {
          service_at_locations: [{ id: 'sal3', location: location('l3', 51.5, -0.1) }],
          attributes: [{ id: 'at1', taxonomy_term: { id: 't1', name: 'Debt advice', taxonomy: 'esdServiceTypes' } }],
        }),
        service('s3', 'Phone line', { status: 'defunct' }),
        service('s4', 'Online only', { service_at_locations: [{ id: 'sal4', location: { id: 'l4', location_type: 'virtual' } }] }),
      ],
    };
    const parsed = parse(json(page));
    expect(parsed.format).toBe('hsds');
    expect(parsed.records.map((r) => [r.sourceId, r.categoryCode, r.precision, r.postcode])).toEqual([
      ['s1@l1', 'food-bank', 'exact', 'GL1 2TG'],
      ['s1@l2', 'food-bank', 'postcode', 'GL1 3AX'],
      ['s2', 'advice-service', 'exact', null],
    ]);
    expect(parsed.records[0]).toMatchObject({
      ref: 'service s1 at location l1',
      organisation: 'Helping Hands',
      website: 'https://helping.example',
      phone: '01452 000000',
      openingHours: 'Mo-We 10:00-14:00; Sa 09:30-12:00',
      address: '1 High Street, Gloucester, GL1 2TG',
    });
    expect(parsed.rejected.map((r) => [r.sourceId, r.issues.map((i) => i.field)])).toEqual([
      ['s3', ['status', 'category', 'location']],
      ['s4', ['category', 'location']],
    ]);
  });

  it('reads an ORUK page (content, totalElements) and a plain array the same way', () => {
    const items = [service('a', 'Carers Cafe', { locations: [location('x', 52.0, -1.5)] }), service('b', 'Youth Club')];
    const oruk = parse(json({ content: items, totalElements: 2, totalPages: 1, number: 0, size: 20, first: true, last: true }));
    expect(oruk.format).toBe('oruk');
    const plain = parse(json(items));
    expect(plain.format).toBe('hsds');
    for (const parsed of [oruk, plain]) {
      expect(parsed.records.map((r) => [r.sourceId, r.categoryCode])).toEqual([['a', 'carers-support']]);
      expect(parsed.rejected.map((r) => r.sourceId)).toEqual(['b']);
    }
  });

  it('reads ORUK v1 services (service_taxonomys, physical_addresses, regular_schedules)', () => {
    const page = {
      totalElements: 1,
      totalPages: 1,
      number: 1,
      size: 10,
      first: true,
      last: true,
      content: [
        {
          id: 'v1',
          name: 'Money Matters',
          status: 'active',
          organization: { id: 'o', name: 'Advice Network' },
          service_taxonomys: [{ id: 'st', taxonomy: { id: '123', name: 'Debt advice', vocabulary: 'esdServiceTypes' } }],
          service_at_locations: [
            {
              id: 'sal',
              location: {
                id: 'loc',
                name: 'Library',
                latitude: 51.45,
                longitude: -2.59,
                physical_addresses: [{ id: 'pa', address_1: '1 College Green', city: 'Bristol', postal_code: 'BS1 5TL' }],
              },
              regular_schedules: [{ id: 'rs', weekday: 'Wednesday', opens_at: '10:00', closes_at: '13:00' }],
            },
          ],
        },
      ],
    };
    const parsed = parse(json(page));
    expect(parsed.format).toBe('oruk');
    expect(parsed.records).toHaveLength(1);
    expect(parsed.records[0]).toMatchObject({
      sourceId: 'v1',
      categoryCode: 'advice-service',
      lon: -2.59,
      lat: 51.45,
      postcode: 'BS1 5TL',
      address: '1 College Green, Bristol, BS1 5TL',
      openingHours: 'We 10:00-13:00',
      organisation: 'Advice Network',
    });
  });

  it('joins a tabular HSDS file (services, organizations, locations, service_at_locations, schedules, taxonomy)', () => {
    const tables = {
      organizations: [{ id: 'o1', name: 'Age Friendly Gloucester' }],
      services: [{ id: 's1', organization_id: 'o1', name: 'Tuesday Club', status: 'active' }],
      locations: [{ id: 'l1', name: 'Hall', latitude: '51.86', longitude: '-2.24' }],
      service_at_locations: [{ id: 'sal1', service_id: 's1', location_id: 'l1' }],
      schedules: [{ id: 'sc1', service_id: 's1', freq: 'WEEKLY', byday: 'TU', opens_at: '13:00', closes_at: '15:00' }],
      taxonomy_terms: [{ id: 't1', name: 'Lunch clubs', taxonomy: 'esdServiceTypes' }],
      attributes: [{ id: 'a1', link_id: 's1', link_type: 'service', taxonomy_term_id: 't1' }],
    };
    const [r] = parse(json(tables)).records;
    expect(r).toMatchObject({
      sourceId: 's1',
      organisation: 'Age Friendly Gloucester',
      categoryCode: 'older-people-group',
      lon: -2.24,
      lat: 51.86,
      openingHours: 'Tu 13:00-15:00',
    });
  });

  it('reads a capacity: HSDS 3.1 capacities (the maximum, else what is available), a service_capacity object, or a service_capacity table with its units', () => {
    const at = { service_at_locations: [{ id: 'sal', location: location('l1', 51.86, -2.24) }] };
    const read = (extra: Record<string, unknown>) => parse(json(service('s1', 'Lunch Club', { ...at, ...extra }))).records[0]!;
    expect(read({ capacities: [{ id: 'c1', unit: { id: 'u1', name: 'Places' }, available: 4, maximum: 30 }] }).capacity).toEqual({ value: 30, unit: 'places' });
    expect(read({ capacities: [{ id: 'c1', unit: { id: 'u1', name: 'registered patients' }, available: 8123 }] }).capacity).toEqual({
      value: 8123,
      unit: 'registered patients',
    });
    expect(read({ service_capacity: { available: 12, unit: 'beds' } }).capacity).toEqual({ value: 12, unit: 'beds' });
    // A unit we do not measure in: the record is imported without it, and the report says why.
    const odd = read({ capacities: [{ id: 'c1', unit: { id: 'u1', name: 'Kilogram' }, available: 40 }] });
    expect(odd.capacity).toBeNull();
    // ("Lunch Club" has no taxonomy term: its category is a keyword guess, noted too.)
    expect(odd.issues).toHaveLength(2);
    expect(odd.issues[0]).toMatchObject({ field: 'category', message: expect.stringMatching(/^category guessed: .*"lunch club" in its name/) as unknown });
    expect(odd.issues[1]).toMatchObject({ field: 'capacities.unit.name' });
    expect(odd.issues[1]!.message).toMatch(/"Kilogram" is not one of/);
    expect(read({}).capacity).toBeNull();

    const tables = {
      services: [{ id: 's1', name: 'Tuesday Club', status: 'active' }],
      locations: [{ id: 'l1', name: 'Hall', latitude: '51.86', longitude: '-2.24' }],
      service_at_locations: [{ id: 'sal1', service_id: 's1', location_id: 'l1' }],
      units: [{ id: 'u1', name: 'places' }],
      service_capacities: [{ id: 'c1', service_id: 's1', unit_id: 'u1', available: 25 }],
    };
    expect(parse(json(tables), { defaultCategory: 'community-group' }).records[0]!.capacity).toEqual({ value: 25, unit: 'places' });
  });

  it('reads a single service_at_location object', () => {
    const [r] = parse(json({ id: 'sal1', service: service('s9', 'Library Link'), location: location('l9', 51.87, -2.23) })).records;
    expect(r).toMatchObject({ sourceId: 's9', categoryCode: 'library', lat: 51.87 });
  });

  it('refuses a page larger than maxRecords', () => {
    const items = Array.from({ length: 4 }, (_, i) => service(`s${i}`, `Food bank ${i}`));
    expect(() => parse(json({ contents: items, total_items: 4 }), { maxRecords: 3 })).toThrow(/at most 3/);
  });
});

describe('schedules and HTML', () => {
  it('keeps untranslatable schedules as a note', () => {
    expect(schedulesToHours([{ freq: 'MONTHLY', byday: '1MO', opens_at: '10:00', closes_at: '12:00', description: 'First Monday of the month' }])).toEqual({
      openingHours: null,
      note: 'First Monday of the month',
    });
  });

  it('converts HTML to text with paragraph breaks and decoded entities', () => {
    expect(htmlToText('<p>Tea &amp; cake&nbsp;on <b>Fridays</b></p><p>Call&#39;s welcome<br>any time</p>')).toBe(
      "Tea & cake on Fridays\n\nCall's welcome\nany time",
    );
    expect(htmlToText('<p><br></p>')).toBeNull();
  });
});

describe('guessCategory', () => {
  const table = [
    { vocabulary: 'keyword', term: 'library', categoryCode: 'library' },
    { vocabulary: 'esd', term: 'Food banks', categoryCode: 'food-bank' },
    { vocabulary: 'keyword', term: 'food bank', categoryCode: 'food-bank' },
    { vocabulary: 'keyword', term: 'carers', categoryCode: 'carers' },
  ];
  it('takes a taxonomy term before any keyword, even one listed earlier in the table', () => {
    expect(guessCategory(table, [{ taxonomy: 'esdServiceTypes', name: 'Food banks' }], 'Library lunch', null)).toEqual({
      categoryCode: 'food-bank',
      by: 'term',
      matched: 'Food banks',
    });
  });
  it("falls back to keywords in the name, then the description, then the terms' names, saying where", () => {
    expect(guessCategory(table, [], 'Carers café', 'Held in the library')).toMatchObject({ categoryCode: 'carers', by: 'keyword', where: 'name' });
    expect(guessCategory(table, [], 'Tuesday group', 'Held in the library')).toMatchObject({ categoryCode: 'library', by: 'keyword', where: 'description' });
    expect(guessCategory(table, [{ taxonomy: 'other', name: 'Food bank' }], 'Tuesday group', null)).toMatchObject({
      categoryCode: 'food-bank',
      where: 'taxonomy term',
    });
    expect(guessCategory(table, [], 'Tuesday group', 'A friendly chat')).toBeNull();
  });
});
