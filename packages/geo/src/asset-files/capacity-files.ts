/**
 * The capacity files under `data/capacity/`, keyed by the NHS ODS code the registers use,
 * so each register's reader can join them to its records.
 */
import { clean, readCsv } from './data-files.js';
import { pharmacyHoursToOsm, type PharmacyHours } from './pharmacy-hours.js';

/** NHS England, Patients Registered at a GP Practice (April 2025), practice totals. */
export const GP_LIST_SIZES_FILE = 'capacity/nhs_gp_registered_patients_2025-04.csv.gz';
/** NHSBSA Consolidated Pharmaceutical List, 2023-24 Q3 (opening hours of every pharmacy in England). */
export const PHARMACY_LIST_FILE = 'capacity/nhsbsa_consolidated_pharmaceutical_list_2023-24q3.csv.gz';

/** Every file the capacity joins read. */
export const CAPACITY_FILES = [GP_LIST_SIZES_FILE, PHARMACY_LIST_FILE] as const;

/**
 * Registered patients per GP practice, by ODS practice code (`CODE`). Each row is one
 * practice's total (SEX and AGE are ALL); a code is never listed twice.
 */
export async function readGpListSizes(dataDir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const r of await readCsv(dataDir, GP_LIST_SIZES_FILE)) {
    const code = clean(r.CODE);
    const patients = Number(r.NUMBER_OF_PATIENTS);
    if (!code || r.SEX !== 'ALL' || r.AGE !== 'ALL' || !Number.isInteger(patients) || patients < 0) continue;
    if (sizes.has(code)) throw new Error(`${GP_LIST_SIZES_FILE}: practice ${code} is listed twice`);
    sizes.set(code, patients);
  }
  return sizes;
}

/** What the pharmaceutical list says of one pharmacy. */
export interface PharmacyListing extends PharmacyHours {
  /** Contracted opening hours in a usual week (WEEKLY_TOTAL). */
  weeklyHours: number;
  /** The company that holds the contract (ORGANISATION_NAME). */
  organisation: string | null;
  /** Community, LPS (local pharmaceutical services) or DAC (dispensing appliance contractor). */
  contractType: string | null;
}

const DAYS = [
  ['MONDAY', 'MON'],
  ['TUESDAY', 'TUES'],
  ['WEDNESDAY', 'WED'],
  ['THURSDAY', 'THURS'],
  ['FRIDAY', 'FRI'],
  ['SATURDAY', 'SAT'],
  ['SUNDAY', 'SUN'],
] as const;

/** The pharmaceutical list by pharmacy ODS code (the F-code), with each pharmacy's hours. */
export async function readPharmacyList(dataDir: string): Promise<Map<string, PharmacyListing>> {
  const list = new Map<string, PharmacyListing>();
  for (const r of await readCsv(dataDir, PHARMACY_LIST_FILE)) {
    const code = clean(r['PHARMACY_ODS_CODE_(F-CODE)']);
    const weeklyHours = Number(r.WEEKLY_TOTAL);
    if (!code || r.WEEKLY_TOTAL === undefined || r.WEEKLY_TOTAL.trim() === '' || !Number.isFinite(weeklyHours)) continue;
    if (list.has(code)) throw new Error(`${PHARMACY_LIST_FILE}: pharmacy ${code} is listed twice`);
    const hours = pharmacyHoursToOsm(DAYS.map(([day, short]) => ({ hours: r[`PHARMACY_OPENING_HOURS_${day}`], total: r[`${short}_TOTAL`] })));
    list.set(code, { ...hours, weeklyHours, organisation: clean(r.ORGANISATION_NAME), contractType: clean(r.CONTRACT_TYPE) });
  }
  return list;
}
