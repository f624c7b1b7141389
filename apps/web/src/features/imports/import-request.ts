import type { CapacityUnit, CsvColumnMapping, ImportFormat, ImportRequestDraft, ImportSource } from '@common-ground/schema';

/*
 * The upload screen's pure parts: guessing a CSV's column mapping from its header (the
 * columns the API reports with 400 mapping_required), and building the request from what
 * the worker chose. Kept apart from the screen so they are tested without a browser.
 */

type MappableField = Exclude<keyof CsvColumnMapping, 'defaultCategory' | 'defaultCapacityUnit'>;

/** Header names that obviously mean a field, compared lower-case without spaces, dots, dashes or underscores. */
const OBVIOUS: Record<MappableField, readonly string[]> = {
  name: ['name', 'title', 'sitename', 'placename', 'servicename', 'organisationname', 'venue'],
  lat: ['lat', 'latitude', 'y', 'wgs84lat'],
  lon: ['lon', 'lng', 'long', 'longitude', 'x', 'wgs84lon', 'wgs84long'],
  postcode: ['postcode', 'postalcode', 'post code', 'zip', 'pcd', 'pcds'],
  address: ['address', 'fulladdress', 'streetaddress', 'address1'],
  category: ['category', 'categorycode', 'type', 'kind'],
  id: ['id', 'ref', 'reference', 'uid', 'sourceid', 'identifier'],
  description: ['description', 'details', 'summary', 'about'],
  organisation: ['organisation', 'organization', 'operator', 'provider', 'org'],
  phone: ['phone', 'telephone', 'tel', 'phonenumber', 'contactnumber'],
  email: ['email', 'emailaddress', 'e-mail'],
  website: ['website', 'url', 'web', 'homepage', 'link'],
  openingHours: ['openinghours', 'opening_hours', 'hours', 'openingtimes'],
  capacity: ['capacity', 'capacityvalue', 'listsize', 'places', 'beds'],
  capacityUnit: ['capacityunit', 'unit'],
};

const squash = (s: string) => s.toLowerCase().replace(/[\s._-]+/g, '');

/**
 * The mapping a worker most likely wants: each field gets the first column whose name
 * obviously means it; nothing is guessed twice.
 * @example guessMapping(['Site name', 'Latitude', 'Longitude']) // { name: 'Site name', lat: 'Latitude', lon: 'Longitude' }
 */
export function guessMapping(columns: readonly string[]): Partial<Record<MappableField, string>> {
  const used = new Set<string>();
  const guess: Partial<Record<MappableField, string>> = {};
  for (const field of Object.keys(OBVIOUS) as MappableField[]) {
    const names = OBVIOUS[field].map(squash);
    const column = columns.find((c) => !used.has(c) && names.includes(squash(c)));
    if (column) {
      guess[field] = column;
      used.add(column);
    }
  }
  return guess;
}

export interface ImportDraft {
  fileName: string;
  /** The file's bytes, base64 (see fileToBase64). */
  contentBase64: string;
  format: ImportFormat | 'auto';
  source: { code: string; name: string; publisher: string; licence: string; attribution: string; url: string };
  /** Column per field for a CSV ('' = not mapped); null for other formats. */
  mapping: Partial<Record<MappableField, string>> | null;
  defaultCategory: string;
  /** The unit of every row's capacity, when a capacity column is mapped and no unit column ('' = none chosen). */
  defaultCapacityUnit: CapacityUnit | '';
  declineMerges: readonly string[];
  /** Re-sync: close this source's assets the file no longer lists. */
  retireMissing?: boolean;
  /** The date the data is from (YYYY-MM-DD), '' = today. */
  sourceDate?: string;
  /** The file's character set (auto: UTF-8, else Windows-1252 with a warning). */
  encoding?: 'auto' | 'utf-8' | 'windows-1252' | 'iso-8859-1';
}

/** The request for a check (dry run) or, with apply, the import itself. */
export function toImportRequest(draft: ImportDraft, apply: { dryRun: boolean; skipRejected: boolean }): ImportRequestDraft {
  const source: ImportSource = {
    code: draft.source.code.trim(),
    name: draft.source.name.trim(),
    publisher: draft.source.publisher.trim() || draft.source.name.trim(),
    licence: draft.source.licence.trim(),
    attribution: draft.source.attribution.trim() || `${draft.source.name.trim()}, ${draft.source.licence.trim()}`,
    url: draft.source.url.trim() || null,
  };
  const mapped = draft.mapping ? Object.fromEntries(Object.entries(draft.mapping).filter(([, column]) => column)) : null;
  return {
    fileName: draft.fileName,
    contentBase64: draft.contentBase64,
    format: draft.format,
    ...(mapped && {
      mapping: {
        ...(mapped as CsvColumnMapping),
        ...(draft.defaultCategory && { defaultCategory: draft.defaultCategory }),
        ...(mapped.capacity && !mapped.capacityUnit && draft.defaultCapacityUnit && { defaultCapacityUnit: draft.defaultCapacityUnit }),
      },
    }),
    source,
    ...(draft.defaultCategory && { defaultCategory: draft.defaultCategory }),
    dryRun: apply.dryRun,
    skipRejected: apply.skipRejected,
    declineMerges: [...draft.declineMerges],
    retireMissing: draft.retireMissing ?? false,
    encoding: draft.encoding ?? 'auto',
    ...(draft.sourceDate && { sourceDate: draft.sourceDate }),
  };
}

/** A source code from a file name, as the CLI makes one: 'Bristol services.csv' → 'bristol-services'. */
export function sourceCodeOf(fileName: string): string {
  const slug = fileName.replace(/\.[^.]*$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return slug.length >= 2 ? slug : `import-${slug || 'file'}`;
}
