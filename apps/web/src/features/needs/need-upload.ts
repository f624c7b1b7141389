import type { MeasureDirection, NeedMeasureSummary, NeedMeasureUpload, NeedMeasureVisibility } from '@common-ground/schema';

/** What the upload form holds before the file is read. */
export interface NeedDraft {
  name: string;
  slug: string;
  description: string;
  source: string;
  direction: MeasureDirection;
  visibility: NeedMeasureVisibility;
  lsoaColumn: string;
  valueColumn: string;
}

export const EMPTY_NEED_DRAFT: NeedDraft = {
  name: '',
  slug: '',
  description: '',
  source: '',
  direction: 'higher_is_more_need',
  // A licensed index (the Community Needs Index) must not be shown to the public.
  visibility: 'workers',
  lsoaColumn: '',
  valueColumn: '',
};

/** The request body: empty optional fields are left out, so the API finds columns and the slug itself. */
export function toNeedUpload(draft: NeedDraft, csv: string): NeedMeasureUpload {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    name: draft.name.trim(),
    slug: optional(draft.slug),
    description: draft.description.trim(),
    source: draft.source.trim(),
    direction: draft.direction,
    visibility: draft.visibility,
    csv,
    lsoaColumn: optional(draft.lsoaColumn),
    valueColumn: optional(draft.valueColumn),
  };
}

const whole = new Intl.NumberFormat('en-GB');
const figure = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 6 });

/**
 * A checked file in plain words, one sentence each.
 * @example summaryLines({ rows: 1200, coverage: 0.0355, … })[0] // '1,200 LSOAs, 3.6% of England's 33,755.'
 */
export function summaryLines(summary: NeedMeasureSummary, direction: MeasureDirection): string[] {
  const england = Math.round(summary.rows / summary.coverage);
  const pct = summary.coverage * 100;
  return [
    `${whole.format(summary.rows)} LSOAs, ${pct >= 10 ? Math.round(pct) : pct.toFixed(1)}% of England's ${whole.format(england)}; every code is a 2021 LSOA in England.`,
    `Codes from the column “${summary.lsoaColumn}”, values from “${summary.valueColumn}”.`,
    `Values from ${figure.format(summary.min)} to ${figure.format(summary.max)}; ${direction === 'higher_is_more_need' ? 'higher' : 'lower'} means more need.`,
    `Deciles among these LSOAs, most need first: ${summary.decileCounts.map((n) => whole.format(n)).join(', ')}.`,
  ];
}
