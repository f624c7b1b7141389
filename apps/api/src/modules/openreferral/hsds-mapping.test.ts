import { HsdsService } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { hsdsErrors } from '../../testing/hsds-schemas.js';
import type { ExportAsset } from '../export/export.repository.js';
import { assetToService, categoryTerm, londonOffset, schedulesFromOpeningHours, uuidV5, webUri } from './hsds-mapping.js';

const asset: ExportAsset = {
  id: '0b6c7f4e-3c1a-4a8e-9d2b-5f6a7b8c9d0e',
  name: 'Hanham Youth Club',
  categoryCode: 'youth-club',
  categoryName: 'Youth club',
  abcdType: 'association',
  description: 'Tuesday and Thursday evenings.',
  organisation: null,
  address: '1 High Street, Hanham',
  postcode: 'BS15 3DA',
  lat: 51.449,
  lon: -2.509,
  locationPrecision: 'exact',
  phone: '0117 000 0000',
  email: 'hello@example.org',
  website: 'www.example.org/youth',
  openingHours: 'Tu,Th 18:00-21:00; Sa 22:00-02:00',
  openingHoursNote: null,
  tags: ['youth'],
  wheelchair: 'limited',
  isFree: true,
  ageMin: 11,
  ageMax: 18,
  capacity: null,
  capacityUnit: null,
  nationalId: null,
  nationalIdScheme: null,
  lifecycleStatus: 'active',
  updatedAt: '2025-01-02T03:04:05.678+00:00',
  lastVerifiedAt: null,
  localAuthority: 'South Gloucestershire',
  source: 'osm-gloucestershire',
  sourceId: 'node/123',
  sourceDate: '2021-01-04',
  sourceName: 'OpenStreetMap community assets',
  sourcePublisher: 'OpenStreetMap contributors',
  licence: 'ODbL-1.0',
  sources: [{ code: 'osm-gloucestershire', licence: 'ODbL-1.0', attribution: '© OpenStreetMap contributors, ODbL 1.0' }],
};
const categories = new Map([
  [
    'youth-club',
    {
      code: 'youth-club',
      parentCode: 'youth',
      name: 'Youth club',
      description: 'Clubs for young people.',
      abcdType: 'association' as const,
      colour: '#000000',
      sortOrder: 1,
    },
  ],
]);

describe('uuidV5', () => {
  it('gives the RFC 4122 name-based UUID (the well-known www.example.com vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});

describe('schedulesFromOpeningHours', () => {
  it('groups days with the same hours and splits a period at midnight', () => {
    const ids = (key: string) => uuidV5(key);
    const schedules = schedulesFromOpeningHours('Tu,Th 18:00-21:00; Sa 22:00-02:00', ids);
    expect(schedules.map(({ byday, opens_at, closes_at }) => [byday, opens_at, closes_at])).toEqual([
      ['TU,TH', '18:00', '21:00'],
      ['SA', '22:00', '23:59'],
      ['SU', '00:00', '02:00'],
    ]);
    expect(schedules.every((s) => s.freq === 'WEEKLY' && s.description === 'Tu,Th 18:00-21:00; Sa 22:00-02:00')).toBe(true);
  });

  it('keeps hours it cannot read as the text alone', () => {
    expect(schedulesFromOpeningHours('by appointment, ring first', uuidV5)).toEqual([{ id: uuidV5('text'), description: 'by appointment, ring first' }]);
  });
});

describe('webUri', () => {
  it.each([
    ['www.example.org/a b', 'https://www.example.org/a%20b'],
    ['http://example.org', 'http://example.org/'],
    ['mailto:x@example.org', undefined],
    ['not a url at all', undefined],
  ])('reads %s as %s', (value, expected) => expect(webUri(value)).toBe(expected));
});

describe('assetToService', () => {
  const service = assetToService(asset, categories);

  it('is a valid Open Referral UK service, and our own schema agrees', () => {
    expect(hsdsErrors('service', service)).toBe('');
    expect(HsdsService.parse(service)).toEqual(service);
  });

  it('fails the official schema when a required field is missing or an id is not a UUID (the check is real)', () => {
    const { status: _status, ...noStatus } = service;
    expect(hsdsErrors('service', noStatus)).toMatch(/status/);
    expect(hsdsErrors('service', { ...service, id: 'asset-1' })).toMatch(/uuid/);
    const location = service.service_at_locations[0]!.location;
    const badLocation = { ...service, service_at_locations: [{ ...service.service_at_locations[0]!, location: { ...location, latitude: 'north' } }] };
    expect(hsdsErrors('service', badLocation)).toMatch(/number/);
  });

  it('maps place, contact, category, cost and provenance', () => {
    expect(service.id).toBe(asset.id);
    expect(service.url).toBe('https://www.example.org/youth');
    // No organisation named: the data's publisher is not the service's provider.
    expect(service.organization).toBeUndefined();
    expect(assetToService({ ...asset, organisation: 'Hanham Trust' }, categories).organization).toMatchObject({ name: 'Hanham Trust' });
    const location = service.service_at_locations[0]!.location;
    expect(location).toMatchObject({ latitude: 51.449, longitude: -2.509, x_location_precision: 'exact' });
    expect(location.addresses[0]).toMatchObject({ address_1: '1 High Street, Hanham', postal_code: 'BS15 3DA', country: 'GB' });
    expect(location.description).toBe('In South Gloucestershire');
    expect(service.attributes[0]!.taxonomy_term).toMatchObject({
      term: 'youth-club',
      parent_id: categoryTerm({ code: 'youth', parentCode: null, name: '', description: '' }).id,
    });
    expect(service.cost_options[0]!.option).toBe('Free');
    expect(service.x_provenance).toEqual({
      source: 'osm-gloucestershire',
      source_id: 'node/123',
      licence: 'ODbL-1.0',
      attribution: '© OpenStreetMap contributors, ODbL 1.0',
      share_alike: true,
    });
  });

  it('gives a known capacity as an HSDS 3.1 service_capacity, and a national id in the provenance, still valid for the UK profile', () => {
    expect(service.capacities).toBeUndefined();
    const practice = assetToService(
      { ...asset, capacity: 8123, capacityUnit: 'registered patients', nationalId: 'A81001', nationalIdScheme: 'GB-NHS' },
      categories,
    );
    expect(practice.capacities).toHaveLength(1);
    expect(practice.capacities![0]).toMatchObject({
      service_id: asset.id,
      unit: { name: 'registered patients' },
      available: 8123,
      description: '8,123 registered patients',
      updated: '2025-01-02T03:04:05.678Z',
    });
    expect(practice.x_provenance).toMatchObject({ national_id: 'A81001', national_id_scheme: 'GB-NHS' });
    expect(hsdsErrors('service', practice)).toBe('');
    expect(HsdsService.parse(practice)).toEqual(practice);
    // 0 is known: "none at the moment", not left out.
    expect(assetToService({ ...asset, capacity: 0, capacityUnit: 'places' }, categories).capacities?.[0]).toMatchObject({ available: 0 });
  });

  it("follows the profile's SHOULDs: times with London's offset, trimmed names, coordinates without float32 noise, the attribute's entity", () => {
    expect(londonOffset(new Date('2026-01-15T12:00:00Z'))).toBe('+00:00');
    expect(londonOffset(new Date('2026-07-15T12:00:00Z'))).toBe('+01:00');
    const summer = assetToService(
      { ...asset, name: '  DR  ROBERTS ', lat: 53.39328384399414, lon: -1.4668400287628174, openingHours: 'Mo 09:00-17:00' },
      categories,
      new Date('2026-07-15T12:00:00Z'),
    );
    expect(summer.name).toBe('DR ROBERTS');
    expect(summer.schedules[0]).toMatchObject({ byday: 'MO', opens_at: '09:00+01:00', closes_at: '17:00+01:00' });
    expect(summer.service_at_locations[0]!.location).toMatchObject({ name: 'DR ROBERTS', latitude: 53.393284, longitude: -1.46684 });
    expect(summer.attributes[0]).toMatchObject({ link_type: 'category', link_entity: 'service', link_id: asset.id });
    expect(hsdsErrors('service', summer)).toBe('');
  });

  it('gives the same ids every time', () => {
    expect(assetToService(asset, categories)).toEqual(service);
  });

  it('leaves out an e-mail address the schema would refuse', () => {
    expect(assetToService({ ...asset, email: 'ring us' }, categories).email).toBeUndefined();
  });
});
