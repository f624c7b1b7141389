import type { CapacityUnit, CsvColumnMapping, ImportFormat, ImportProgressStatus, ImportRequestDraft, ImportSource } from '@common-ground/schema';

/*
 * The upload screen's pure parts: guessing a CSV's column mapping from its header (the
 * columns the API reports with 400 mapping_required), and building the request from what
 * the worker chose. Kept apart from the screen so they are tested without a browser.
 */

type MappableField = Exclude<keyof CsvColumnMapping, 'defaultCategory' | 'defaultCapacityUnit' | 'defaultRegisterScheme'>;

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
  registerCode: ['odscode', 'organisationcode', 'practicecode', 'charitynumber', 'registeredcharitynumber', 'registercode', 'nationalid'],
  registerScheme: ['registerscheme', 'nationalidscheme', 'scheme'],
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
  /** The register of every code, when a register code column is mapped and no scheme column ('' = none). */
  defaultRegisterScheme?: string;
  /** A UUID naming this request's progress on the server (GET /api/import-progress/{id}). */
  progressId?: string;
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
        ...(mapped.registerCode &&
          !mapped.registerScheme &&
          draft.defaultRegisterScheme?.trim() && { defaultRegisterScheme: draft.defaultRegisterScheme.trim() }),
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
    ...(draft.progressId && { progressId: draft.progressId }),
  };
}

/**
 * The server's progress in words for the status line, e.g. "checking records: 12,500 of
 * 50,000 (25%)"; null when there is nothing worth saying yet.
 */
export function progressInWords(p: Pick<ImportProgressStatus, 'stage' | 'done' | 'total'> | null): string | null {
  if (!p) return null;
  const n = (x: number) => x.toLocaleString('en-GB');
  const share = p.total > 0 ? ` (${Math.min(100, Math.floor((p.done / p.total) * 100))}%)` : '';
  switch (p.stage) {
    case 'waiting':
      return 'sending the file';
    case 'reading':
      return 'reading the file';
    case 'checking':
      return p.total > 0 ? `checking records: ${n(p.done)} of ${n(p.total)}${share}` : 'checking records';
    case 'writing':
      return p.total > 0 ? `writing records: ${n(p.done)} of ${n(p.total)}${share}` : 'writing records';
    case 'done':
      return 'finishing the report';
    case 'failed':
      return null;
  }
}

/** A random UUID (v4) for a progress id, also where crypto.randomUUID is missing (plain http away from localhost). */
export function newProgressId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A source code from a file name, as the CLI makes one: 'Bristol services.csv' → 'bristol-services'. */
export function sourceCodeOf(fileName: string): string {
  const slug = fileName
    .replace(/\.[^.]*$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : `import-${slug || 'file'}`;
}
