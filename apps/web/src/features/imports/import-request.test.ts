import { CsvColumnMapping, ImportRequest } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { guessMapping, newProgressId, progressInWords, sourceCodeOf, toImportRequest, type ImportDraft } from './import-request.js';

const draft = (over: Partial<ImportDraft> = {}): ImportDraft => ({
  fileName: 'Halls 2025.csv',
  contentBase64: btoa('Name,Postcode\nHall,S1 2HE\n'),
  format: 'auto',
  source: { code: 'halls-2025', name: 'Halls', publisher: '', licence: 'OGL-UK-3.0', attribution: '', url: '' },
  mapping: { name: 'Name', postcode: 'Postcode', phone: '' },
  defaultCategory: 'community',
  defaultCapacityUnit: '',
  declineMerges: [],
  ...over,
});

describe('guessMapping', () => {
  it('maps obvious column names whatever their case and punctuation', () => {
    expect(guessMapping(['Site Name', 'LATITUDE', 'lng', 'Post_code', 'Tel', 'Web'])).toEqual({
      name: 'Site Name',
      lat: 'LATITUDE',
      lon: 'lng',
      postcode: 'Post_code',
      phone: 'Tel',
      website: 'Web',
    });
  });

  it('leaves fields with no obvious column unmapped and never uses a column twice', () => {
    expect(guessMapping(['name', 'notes'])).toEqual({ name: 'name' });
    expect(guessMapping(['id', 'name'])).toEqual({ id: 'id', name: 'name' });
  });
});

describe('toImportRequest', () => {
  it('maps a register code column with the register chosen for every row, and guesses an ODS code column', () => {
    expect(guessMapping(['Name', 'ODS code'])).toEqual({ name: 'Name', registerCode: 'ODS code' });
    const request = ImportRequest.parse(
      toImportRequest(draft({ mapping: { name: 'Name', postcode: 'Postcode', registerCode: 'ODS code' }, defaultRegisterScheme: ' GB-NHS ' }), {
        dryRun: true,
        skipRejected: false,
      }),
    );
    expect(request.mapping).toMatchObject({ registerCode: 'ODS code', defaultRegisterScheme: 'GB-NHS' });
    // Without a register for the codes, the API says what is missing.
    expect(
      ImportRequest.safeParse(
        toImportRequest(draft({ mapping: { name: 'Name', postcode: 'Postcode', registerCode: 'ODS code' } }), { dryRun: true, skipRejected: false }),
      ).success,
    ).toBe(false);
  });

  it('builds a dry run the API accepts, with the unmapped fields left out and defaults filled', () => {
    const request = ImportRequest.parse(toImportRequest(draft(), { dryRun: true, skipRejected: false }));
    expect(request.mapping).toEqual(CsvColumnMapping.parse({ name: 'Name', postcode: 'Postcode', defaultCategory: 'community' }));
    expect(request.source).toEqual({
      code: 'halls-2025',
      name: 'Halls',
      publisher: 'Halls',
      licence: 'OGL-UK-3.0',
      attribution: 'Halls, OGL-UK-3.0',
      url: null,
    });
    expect(request).toMatchObject({ dryRun: true, skipRejected: false, defaultCategory: 'community', declineMerges: [] });
  });

  it('maps a capacity column with the unit chosen for every row when the file has no unit column', () => {
    expect(guessMapping(['Name', 'Postcode', 'List size'])).toMatchObject({ capacity: 'List size' });
    const request = ImportRequest.parse(
      toImportRequest(draft({ mapping: { name: 'Name', postcode: 'Postcode', capacity: 'Places' }, defaultCapacityUnit: 'places' }), {
        dryRun: true,
        skipRejected: false,
      }),
    );
    expect(request.mapping).toMatchObject({ capacity: 'Places', defaultCapacityUnit: 'places' });
    // A capacity column with neither a unit column nor a unit is refused before it is sent.
    const unitless = toImportRequest(draft({ mapping: { name: 'Name', postcode: 'Postcode', capacity: 'Places' } }), { dryRun: true, skipRejected: false });
    expect(ImportRequest.safeParse(unitless).success).toBe(false);
  });

  it('sends no mapping for formats other than CSV, and carries declined merges and skipping on apply', () => {
    const request = ImportRequest.parse(
      toImportRequest(draft({ mapping: null, fileName: 'x.geojson', declineMerges: ['feature 2'] }), { dryRun: false, skipRejected: true }),
    );
    expect(request.mapping).toBeUndefined();
    expect(request).toMatchObject({ dryRun: false, skipRejected: true, declineMerges: ['feature 2'] });
  });
});

describe('sourceCodeOf', () => {
  it('makes a source code from a file name', () => {
    expect(sourceCodeOf('Bristol services 2024-12.json')).toBe('bristol-services-2024-12');
    expect(sourceCodeOf('a.csv')).toBe('import-a');
  });
});

describe('progressInWords', () => {
  it('says how many records of how many a check has done, with the share', () => {
    expect(progressInWords({ stage: 'checking', done: 12_500, total: 50_000 })).toBe('checking records: 12,500 of 50,000 (25%)');
  });
  it('says the stage alone before a total is known, and nothing for a failure or no answer', () => {
    expect(progressInWords({ stage: 'waiting', done: 0, total: 0 })).toBe('sending the file');
    expect(progressInWords({ stage: 'reading', done: 0, total: 100 })).toBe('reading the file');
    expect(progressInWords({ stage: 'writing', done: 0, total: 0 })).toBe('writing records');
    expect(progressInWords({ stage: 'failed', done: 0, total: 0 })).toBeNull();
    expect(progressInWords(null)).toBeNull();
  });
});

describe('newProgressId', () => {
  it('makes a version 4 UUID the API accepts, a new one each time', () => {
    const a = newProgressId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newProgressId()).not.toBe(a);
  });
});
