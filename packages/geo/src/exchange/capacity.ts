import { Capacity, CAPACITY_UNITS, type CapacityUnit } from '@common-ground/schema';
import { text } from './text.js';
import type { ImportIssue } from './types.js';

/** Words other files use for our units (lower case, single spaces). */
const UNIT_WORDS: Readonly<Record<string, CapacityUnit>> = {
  'registered patients': 'registered patients',
  'registered patient': 'registered patients',
  patients: 'registered patients',
  'list size': 'registered patients',
  'opening hours per week': 'opening hours per week',
  'opening hours a week': 'opening hours per week',
  'hours per week': 'opening hours per week',
  'hours a week': 'opening hours per week',
  'hours/week': 'opening hours per week',
  places: 'places',
  place: 'places',
  spaces: 'places',
  seats: 'places',
  beds: 'beds',
  bed: 'beds',
  'people per week': 'people per week',
  'people a week': 'people per week',
};

/** One of our capacity units from a file's words for it, or null. */
export function capacityUnitOf(value: unknown): CapacityUnit | null {
  const words = text(value)?.toLowerCase().replace(/\s+/g, ' ');
  return words ? (UNIT_WORDS[words] ?? null) : null;
}

/** A number as files write it: `8123`, `8,123`, `52.5`; null for anything else. */
function numberOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const t = text(value);
  if (!t || !/^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$/.test(t)) return null;
  return Number(t.replace(/,/g, ''));
}

/**
 * A record's capacity from a value and a unit as a file gives them. Nothing given is no
 * capacity. A value that is not a number, a missing or unknown unit, or a value out of
 * range leaves the capacity empty and says why in a note on the record (the record itself
 * is still imported: capacity is one field of many).
 * @example readCapacity('8,123', 'registered patients', { value: 'list_size', unit: 'unit' }) // { capacity: { value: 8123, unit: 'registered patients' }, note: null }
 */
export function readCapacity(value: unknown, unit: unknown, fields: { value: string; unit: string }): { capacity: Capacity | null; note: ImportIssue | null } {
  const raw = text(value);
  if (raw === null) return { capacity: null, note: null };
  const n = numberOf(value);
  if (n === null) return { capacity: null, note: { field: fields.value, message: `capacity "${raw}" is not a number: left empty` } };
  const u = capacityUnitOf(unit);
  if (!u) {
    const given = text(unit);
    return {
      capacity: null,
      note: {
        field: fields.unit,
        message: `${given ? `capacity unit "${given}" is not one of` : 'no capacity unit: give one of'} ${CAPACITY_UNITS.join(', ')}; capacity left empty`,
      },
    };
  }
  const parsed = Capacity.safeParse({ value: n, unit: u });
  if (!parsed.success) {
    return { capacity: null, note: { field: fields.value, message: `capacity ${raw} ${u}: ${parsed.error.issues[0]?.message ?? 'not accepted'}; left empty` } };
  }
  return { capacity: parsed.data, note: null };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A service's capacity from Open Referral: HSDS 3.1's `capacities` (service_capacity
 * objects: `available`, `maximum`, `unit.name`) or a `service_capacity` list or object as
 * some feeds name it. The maximum is the capacity where given (what the service can
 * offer), else what is available. The first entry with a unit we measure in is read.
 */
export function serviceCapacity(service: Obj): { capacity: Capacity | null; note: ImportIssue | null } {
  const entries = [service.capacities, service.service_capacity].flatMap((v) => (Array.isArray(v) ? v.filter(isObj) : isObj(v) ? [v] : []));
  if (entries.length === 0) return { capacity: null, note: null };
  const unitName = (e: Obj) => (isObj(e.unit) ? e.unit.name : e.unit);
  const entry = entries.find((e) => capacityUnitOf(unitName(e)) !== null) ?? entries[0]!;
  const amount = entry.maximum ?? entry.available;
  return readCapacity(amount, unitName(entry), { value: 'capacities.available', unit: 'capacities.unit.name' });
}
