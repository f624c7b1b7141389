import { z } from 'zod';

/*
 * Capacity: how much of a thing an asset offers, as a number and a unit (after HSDS's
 * `service_capacity`: `available` in a named `unit`). It turns a count of places into
 * supply: 2SFCA divides it by the population in reach, so an 18,000-patient practice is
 * not one surgery's worth of supply.
 *
 * The unit is one of a few fixed words, not free text: within a category every asset
 * must be measured the same way for the figures to be comparable ("8,123 registered
 * patients" and "3 GPs" cannot be added up), and a fixed list keeps spellings from
 * multiplying. Unknown is null; 0 means "known to have no capacity now" (a group that is
 * full, a service paused), which is not the same as unknown.
 */

/** What a capacity counts. */
export const CAPACITY_UNITS = [
  // People on a GP practice's list (NHS England's "Patients Registered at a GP Practice").
  'registered patients',
  // Hours open in a usual week (a pharmacy's contracted hours, a library's staffed hours).
  'opening hours per week',
  // People a group, session or venue can take at once.
  'places',
  // Beds (care homes, hospitals, refuges).
  'beds',
  // People helped in a usual week (a food bank's parcels, a drop-in's visits).
  'people per week',
] as const;
export const CapacityUnit = z.enum(CAPACITY_UNITS, {
  message: `say what it counts: ${CAPACITY_UNITS.slice(0, -1).join(', ')} or ${CAPACITY_UNITS.at(-1)}`,
});
export type CapacityUnit = z.infer<typeof CapacityUnit>;

/** The largest capacity accepted: above any real asset (the largest GP list is about 100,000). */
export const CAPACITY_MAX = 1_000_000;
/** A week has 168 hours. */
export const HOURS_PER_WEEK = 168;

/** Units that count whole things (people, beds); hours may be fractional (52.5). */
const WHOLE_UNITS: ReadonlySet<CapacityUnit> = new Set(['registered patients', 'places', 'beds', 'people per week']);

/**
 * A capacity: `value` in `unit`. Counts are whole numbers from 0 to 1,000,000; hours per
 * week are any number from 0 to 168.
 * @example Capacity.parse({ value: 8123, unit: 'registered patients' })
 */
export const Capacity = z
  .object({
    value: z
      .number({ message: 'must be a number' })
      .finite('must be a finite number')
      .min(0, 'must be 0 or more (0: none at the moment; leave it empty when not known)')
      .max(CAPACITY_MAX, `must be at most ${CAPACITY_MAX.toLocaleString('en-GB')}`),
    unit: CapacityUnit,
  })
  .superRefine(({ value, unit }, ctx) => {
    if (unit === 'opening hours per week' && value > HOURS_PER_WEEK) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `a week has ${HOURS_PER_WEEK} hours: must be at most ${HOURS_PER_WEEK}` });
    }
    if (WHOLE_UNITS.has(unit) && !Number.isInteger(value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `must be a whole number of ${unit}` });
    }
  });
export type Capacity = z.infer<typeof Capacity>;

/**
 * A capacity as stored and answered: the unit is one of ours, the value any number the
 * database holds (loaded registers are not held to the form's whole-number rule; the
 * database itself keeps every value between 0 and 1,000,000).
 */
export const StoredCapacity = z.object({ value: z.number(), unit: CapacityUnit });
export type StoredCapacity = z.infer<typeof StoredCapacity>;

const SINGULAR: Record<CapacityUnit, string> = {
  'registered patients': 'registered patient',
  'opening hours per week': 'opening hour a week',
  places: 'place',
  beds: 'bed',
  'people per week': 'person a week',
};
/** 0 is known, not unknown: say so plainly. */
const NONE: Record<CapacityUnit, string> = {
  'registered patients': 'No registered patients at the moment',
  'opening hours per week': 'Not open at the moment (0 opening hours a week)',
  places: 'No places at the moment',
  beds: 'No beds at the moment',
  'people per week': 'Not taking anyone at the moment (0 people a week)',
};
const PLURAL: Record<CapacityUnit, string> = {
  'registered patients': 'registered patients',
  'opening hours per week': 'opening hours a week',
  places: 'places',
  beds: 'beds',
  'people per week': 'people a week',
};

/**
 * A capacity as people read it: thousands separated, hours to one decimal place.
 * @example capacityInWords({ value: 8123, unit: 'registered patients' }) // '8,123 registered patients'
 * @example capacityInWords({ value: 44.8333, unit: 'opening hours per week' }) // '44.8 opening hours a week'
 * @example capacityInWords({ value: 0, unit: 'places' }) // 'No places at the moment'
 */
export function capacityInWords({ value, unit }: StoredCapacity): string {
  if (value === 0) return NONE[unit];
  const number = value.toLocaleString('en-GB', { maximumFractionDigits: 1 });
  return `${number} ${value === 1 ? SINGULAR[unit] : PLURAL[unit]}`;
}
