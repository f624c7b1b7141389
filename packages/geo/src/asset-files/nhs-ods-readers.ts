/**
 * The NHS Organisation Data Service (ODS) registers: every GP practice, community pharmacy
 * and dental practice in England, each a complete national register. The extracts have no
 * header row and no coordinates: records are placed on their postcode's centre from the
 * shipped postcode directory (postcode precision), as the library register is. Only
 * active records (status A) on a live English postcode are kept, and each carries its
 * ODS code as its national identifier (org-id.guide scheme GB-NHS).
 */
import type { Capacity } from '@common-ground/schema';
import { normalisePostcode } from '../postcodes.js';
import type { AssetCandidate, ReadResult, SkippedRecord } from './candidate.js';
import { readGpListSizes, readPharmacyList } from './capacity-files.js';
import { clean, readCsvRows } from './data-files.js';
import { matchMapping } from './mappings.js';
import type { ReaderContext, SourceReader } from './readers.js';

export const GP_PRACTICES_FILE = 'assets/nhs_ods_epraccur_2025-09.csv.gz';
export const PHARMACIES_FILE = 'assets/nhs_ods_edispensary_2025-04.csv.gz';
export const DENTAL_PRACTICES_FILE = 'assets/nhs_ods_egdpprac_2024-05.csv.gz';

/** Columns of the ODS "standard" extracts (0-based), the same in all three files. */
const ODS = {
  code: 0,
  name: 1,
  address: [4, 5, 6, 7, 8],
  postcode: 9,
  status: 12,
  subType: 13,
  phone: 17,
  prescribingSetting: 25,
} as const;

/** epraccur's prescribing setting 4: a GP practice (the others are out-of-hours, prisons, clinics…). */
const GP_PRACTICE_SETTING = '4';
/** edispensary's organisation sub-type 2: a dispensing appliance contractor (stoma and continence supplies by post), not a pharmacy people walk into. */
const APPLIANCE_CONTRACTOR = '2';

/** What a register's reader adds to each kept record: its capacity, hours and other fields. */
type Enrich = (code: string, record: AssetCandidate) => void;

interface OdsRegister {
  source: string;
  file: string;
  /** Why a row is not an asset of this kind, or null to keep it. */
  exclude(row: readonly string[]): string | null;
  /** Loads the register's joins (capacity files) once, returning how to apply them. */
  prepare(ctx: ReaderContext): Promise<Enrich>;
}

function joinAddress(row: readonly string[]): string | null {
  const parts = ODS.address.map((i) => clean(row[i])).filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(', ') : null;
}

function odsReader(register: OdsRegister): SourceReader {
  const { source } = register;
  return {
    source,
    async read(ctx) {
      const rows = await readCsvRows(ctx.dataDir, register.file);
      const mapping = matchMapping(ctx.mappings, source, {});
      if (!mapping) throw new Error(`${source}: no category mapping`);
      const enrich = await register.prepare(ctx);
      const found = await ctx.postcodes(rows.map((r) => normalisePostcode(r[ODS.postcode])).filter((p): p is string => p !== null));
      const candidates: AssetCandidate[] = [];
      const skipped: SkippedRecord[] = [];
      for (const row of rows) {
        const code = clean(row[ODS.code]);
        const name = clean(row[ODS.name]);
        if (!code || !name) {
          skipped.push({ source, sourceId: code ?? '', reason: 'no ODS code or name' });
          continue;
        }
        // Closed (C), dormant (D) and proposed (P) organisations are not places to go.
        if (row[ODS.status] !== 'A') {
          skipped.push({ source, sourceId: code, reason: `not active (status ${row[ODS.status] ?? ''})` });
          continue;
        }
        const excluded = register.exclude(row);
        if (excluded) {
          skipped.push({ source, sourceId: code, reason: excluded });
          continue;
        }
        const postcode = normalisePostcode(row[ODS.postcode]);
        const point = postcode ? found.get(postcode) : undefined;
        // Welsh records and the few on retired postcodes: not a live English postcode.
        if (!postcode || !point) {
          skipped.push({ source, sourceId: code, reason: `postcode ${row[ODS.postcode] ?? ''} is not a live English postcode` });
          continue;
        }
        const record: AssetCandidate = {
          source,
          sourceId: code,
          name,
          categoryCode: mapping.categoryCode,
          lon: point.lon,
          lat: point.lat,
          precision: 'postcode',
          address: joinAddress(row),
          postcode,
          phone: clean(row[ODS.phone]),
          tags: [`ods:${code}`],
          lifecycleStatus: 'active',
          nationalId: { scheme: 'GB-NHS', id: code },
          capacity: null,
        };
        enrich(code, record);
        candidates.push(record);
      }
      return { candidates, skipped } satisfies ReadResult;
    },
  };
}

/** GP practices (epraccur), with registered patients joined by ODS practice code. */
export const nhsGpPractices = odsReader({
  source: 'nhs-ods-gp-practices',
  file: GP_PRACTICES_FILE,
  exclude: (row) =>
    row[ODS.prescribingSetting] === GP_PRACTICE_SETTING ? null : `prescribing setting ${row[ODS.prescribingSetting] ?? ''}, not a GP practice`,
  async prepare({ dataDir }) {
    const sizes = await readGpListSizes(dataDir);
    return (code, record) => {
      const patients = sizes.get(code);
      if (patients !== undefined) record.capacity = { value: patients, unit: 'registered patients' } satisfies Capacity;
    };
  },
});

/** Community pharmacies (edispensary), with weekly hours and opening times joined by ODS code (F-code). */
export const nhsPharmacies = odsReader({
  source: 'nhs-ods-pharmacies',
  file: PHARMACIES_FILE,
  exclude: (row) => (row[ODS.subType] === APPLIANCE_CONTRACTOR ? 'a dispensing appliance contractor, not a pharmacy' : null),
  async prepare({ dataDir }) {
    const list = await readPharmacyList(dataDir);
    return (code, record) => {
      const listing = list.get(code);
      if (!listing) return;
      record.capacity = { value: listing.weeklyHours, unit: 'opening hours per week' };
      record.openingHours = listing.openingHours;
      record.openingHoursNote = listing.note;
      record.organisation = listing.organisation;
    };
  },
});

/** Dental practices (egdpprac): no capacity is published openly. */
export const nhsDentalPractices = odsReader({
  source: 'nhs-ods-dental-practices',
  file: DENTAL_PRACTICES_FILE,
  exclude: () => null,
  prepare: () => Promise.resolve(() => undefined),
});
