import { DEPRIVATION_DOMAIN_LABELS, DeprivationDomain, type AreaProfile, type NeedMeasureValue } from '@common-ground/schema';

/**
 * The domains of an area's deprivation, without the overall IMD, in the order of the
 * measure selector; measures the client does not know (the API may add some) come last.
 */
export function orderDomains(values: readonly NeedMeasureValue[]): NeedMeasureValue[] {
  const order = DeprivationDomain.options as readonly string[];
  const rank = (m: string) => (order.includes(m) ? order.indexOf(m) : order.length);
  return values.filter((v) => v.measure !== 'imd').sort((a, b) => rank(a.measure) - rank(b.measure));
}

/** A measure's name: our label for a known domain, else the API's. */
export function measureLabel(value: NeedMeasureValue): string {
  const parsed = DeprivationDomain.safeParse(value.measure);
  return parsed.success ? DEPRIVATION_DOMAIN_LABELS[parsed.data] : value.label;
}

/** @example vintageText('IoD2025') // 'English Indices of Deprivation 2025' */
export function vintageText(vintage: string): string {
  const iod = /^IoD\s?(\d{4})$/i.exec(vintage);
  return iod ? `English Indices of Deprivation ${iod[1]}` : vintage;
}

export const AGE_BANDS = [
  ['age0to15', '0–15'],
  ['age16to24', '16–24'],
  ['age25to34', '25–34'],
  ['age35to49', '35–49'],
  ['age50to64', '50–64'],
  ['age65plus', '65 and over'],
] as const;

export interface AgeShare {
  key: (typeof AGE_BANDS)[number][0];
  label: string;
  count: number;
  /** Whole per cent of the total, 0 when the total is 0. */
  percent: number;
}

/** Each age band's count and share of the population. */
export function ageShares(population: NonNullable<AreaProfile['population']>): AgeShare[] {
  return AGE_BANDS.map(([key, label]) => {
    const count = population[key];
    const percent = population.total > 0 ? Math.round((count / population.total) * 100) : 0;
    return { key, label, count, percent };
  });
}
