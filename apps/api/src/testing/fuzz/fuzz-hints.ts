import fc from 'fast-check';
import { ref, Ref, type Hints } from './schema-values.js';

/*
 * Values that get a generated request past validation and into services and SQL: real
 * codes and places, the fuzzer's own objects, working files. Generated as Refs where they
 * depend on the database or the sender, and looked up when the request is sent.
 */

const WORDS = fc.constantFrom('library', 'food bank', 'park', 'Sheffield', 'surgery', 'club', 'hall', 'youth');
const oneOf = (...arbitraries: fc.Arbitrary<unknown>[]) => fc.oneof(...arbitraries);
const IMPORT_FILE_VARIANTS = 12;
const NEED_CSV_VARIANTS = 8;

/** Hints for query and body fields, by name. */
export const fieldHints: Hints = (name) => {
  switch (name) {
    case 'q':
    case 'search':
    case 'text':
      return WORDS;
    case 'category':
    case 'categoryCode':
    case 'defaultCategory':
    case 'taxonomy_term_id':
      return ref('categoryCode');
    case 'parentCode':
      return oneOf(ref('categoryCode'), fc.constant(null));
    case 'area':
      return oneOf(ref('lsoa'), ref('wardCode'), ref('ladCode'), ref('ladName'), ref('customArea'));
    case 'postcode':
      return oneOf(ref('postcode'), ref('postcodeDistrict'));
    case 'near':
      return ref('near');
    case 'bbox':
      return fc.integer({ min: 0, max: 2 }).map((i) => new Ref('bbox', i));
    case 'share':
      return ref('shareToken');
    case 'domain':
      return oneOf(fc.constantFrom('imd', 'income', 'health'), ref('needDomain'));
    case 'location':
      return ref('location');
    case 'lsoaCodes':
      return fc.integer({ min: 0, max: 9 }).map((i) => new Ref('lsoaCodes', i));
    case 'areaCodes':
      return fc.integer({ min: 0, max: 2 }).map((i) => new Ref('areaCodes', i));
    case 'geometry':
      return ref('polygon');
    case 'baseVersion':
    case 'toVersion':
      return fc.integer({ min: 1, max: 3 });
    case 'email':
      return oneOf(ref('freshEmail'), ref('victimEmail'));
    case 'password':
      return ref('password');
    case 'contentBase64':
      return fc.integer({ min: 0, max: IMPORT_FILE_VARIANTS - 1 }).map((i) => new Ref('importFile', i));
    case 'mapping':
      return fc.constant({ name: 'name', postcode: 'postcode', category: 'category', lat: 'lat', lon: 'lon', defaultCategory: new Ref('categoryCode') });
    case 'source':
      return fc.constant({ code: new Ref('importSourceCode'), name: 'Fuzz import', publisher: 'Tests', licence: 'OGL-UK-3.0', attribution: 'Tests' });
    case 'csv':
      return fc.integer({ min: 0, max: NEED_CSV_VARIANTS - 1 }).map((i) => new Ref('needCsv', i));
    case 'slug':
      return ref('freshSlug');
    case 'code':
      return ref('freshCategoryCode');
    case 'fileName':
      return fc.constantFrom('places.csv', 'places.geojson', 'places.json', 'places.osm', 'places');
    case 'openingHours':
      return fc.constantFrom('Mo-Fr 09:00-17:00', '24/7', 'Tu 10:00-12:00; PH off', 'whenever');
    case 'lsoaColumn':
      return fc.constant('lsoa21cd');
    case 'valueColumn':
      return fc.constant('value');
    default:
      return undefined;
  }
};

/**
 * Hints for path parameters, by route. A request that changes something names only the
 * fuzzer's own objects (never loaded data other tests read), so there a hint is all it
 * gets besides hostile values: a generated code could be a real category's.
 */
export function pathHints(url: string, method: string): Hints {
  const write = method !== 'GET';
  return (name) => {
    if (name === 'id') {
      if (/^\/api\/(worker\/)?assets\/:id/.test(url) || url.startsWith('/openreferral/services/')) {
        const mine = [ref('fixtureAssetId'), ref('ownAssetId'), ref('pendingAssetId')];
        return write ? oneOf(...mine) : oneOf(ref('publicAssetId'), ...mine);
      }
      if (url.startsWith('/api/submissions/')) return oneOf(ref('submissionId'), ref('ownSubmissionId'));
      if (url.startsWith('/api/reports/')) return ref('reportId');
      if (url.startsWith('/api/annotations/')) return oneOf(ref('ownNoteId'), ref('otherNoteId'));
      if (url.startsWith('/api/custom-areas/')) return oneOf(ref('ownCustomAreaId'), ref('sharedCustomAreaId'));
      if (url.startsWith('/api/admin/users/')) return ref('victimUserId');
      if (url.startsWith('/openreferral/taxonom')) return oneOf(ref('categoryCode'), fc.constant('common-ground-categories'));
    }
    if (name === 'code') return url.startsWith('/api/categories/') ? ref('ownCategoryCode') : ref('lsoa');
    if (name === 'slug') return write ? ref('ownMeasureSlug') : oneOf(ref('publicMeasureSlug'), ref('ownMeasureSlug'));
    if (name === 'domain') return fieldHints('domain');
    return undefined;
  };
}

/** A tile over the fixed place, at a zoom cheap enough to build many times. */
export const tileParams: fc.Arbitrary<Record<string, unknown>> = fc
  .integer({ min: 11, max: 16 })
  .map((z) => ({ z, x: new Ref('tileX', z), y: new Ref('tileY', z) }));
