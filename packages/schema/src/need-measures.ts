import { z } from 'zod';
import { DEPRIVATION_DOMAIN_LABELS, DeprivationDomain, MeasureDirection } from './enums.js';

/*
 * Custom need measures: a worker loads a measure keyed by LSOA code from a CSV and uses it
 * wherever an IoD domain can be used, as the domain `need:<slug>`.
 */

export const NEED_DOMAIN_PREFIX = 'need:';

/** A custom measure's short name: lower-case letters, digits and hyphens. */
export const NeedMeasureSlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,59}$/, 'must be 2–60 lower-case letters, digits or hyphens, such as community-needs-2023');

/** A custom measure named as a domain: `need:<slug>`. */
export const CustomNeedDomain = z
  .string()
  .regex(/^need:[a-z0-9][a-z0-9-]{1,59}$/, 'must be an IoD domain (imd, income, …) or need:<slug> for a loaded need measure');

/**
 * A need domain: one of the IoD 2025 measures (IMD and its seven domains) or a custom
 * measure as `need:<slug>`. Accepted wherever a domain is (gaps, the deprivation table).
 */
export const NeedDomain = z.union([DeprivationDomain, CustomNeedDomain]);
export type NeedDomain = z.infer<typeof NeedDomain>;

/** Which kind of domain this is, and its IoD code or custom slug. */
export function parseNeedDomain(domain: NeedDomain): { kind: 'iod'; domain: DeprivationDomain } | { kind: 'custom'; slug: string } {
  const iod = DeprivationDomain.safeParse(domain);
  return iod.success ? { kind: 'iod', domain: iod.data } : { kind: 'custom', slug: domain.slice(NEED_DOMAIN_PREFIX.length) };
}

/** The domain that names a custom measure. @example needDomainOf('cni') // 'need:cni' */
export const needDomainOf = (slug: string): NeedDomain => `${NEED_DOMAIN_PREFIX}${slug}`;

/** Who may read a custom measure: workers and admins only (the default), or everyone. */
export const NeedMeasureVisibility = z.enum(['workers', 'public']);
export type NeedMeasureVisibility = z.infer<typeof NeedMeasureVisibility>;

/** At least this many LSOAs: with fewer, a tenth is less than one LSOA and deciles say little. */
export const NEED_MEASURE_MIN_ROWS = 10;
/** The upload route's own body limit: every LSOA in England (33,755 rows) is about 0.7 MB. */
export const NEED_MEASURE_BODY_LIMIT = 8 * 1024 * 1024;

export const NeedMeasureUpload = z.object({
  name: z.string().trim().min(1, 'name is required').max(120),
  /** The short name used in `need:<slug>`; made from the name when absent. */
  slug: NeedMeasureSlug.optional(),
  description: z.string().trim().max(2000).default(''),
  /** Where the figures come from and their licence. */
  source: z.string().trim().max(1000).default(''),
  direction: MeasureDirection,
  visibility: NeedMeasureVisibility.default('workers'),
  /** The CSV text: a header row, then one row per LSOA. */
  csv: z.string(),
  /** Header of the LSOA code column; found by its usual names (lsoa21cd, LSOA code, …) when absent. */
  lsoaColumn: z.string().trim().min(1).max(200).optional(),
  /** Header of the value column; the other column of a two-column file, or one named value/score, when absent. */
  valueColumn: z.string().trim().min(1).max(200).optional(),
  /** Check the file and answer with the summary, storing nothing. */
  dryRun: z.boolean().default(false),
});
export type NeedMeasureUpload = z.input<typeof NeedMeasureUpload>;

/** What a file holds, as read: answered by a dry run and kept with the measure. */
export const NeedMeasureSummary = z.object({
  lsoaColumn: z.string(),
  valueColumn: z.string(),
  /** Data rows read (blank lines skipped). */
  rows: z.number().int(),
  /** Rows whose LSOA code is a 2021 LSOA in England (all of them, or the file is refused). */
  matched: z.number().int(),
  /** Share of England's LSOAs the file covers, 0–1. */
  coverage: z.number(),
  min: z.number(),
  max: z.number(),
  /** How many LSOAs fall in each decile, 1 (most need) first. */
  decileCounts: z.array(z.number().int()).length(10),
});
export type NeedMeasureSummary = z.infer<typeof NeedMeasureSummary>;

export const NeedMeasure = z.object({
  id: z.uuid(),
  slug: z.string(),
  /** `need:<slug>`: pass as `domain` to /api/gaps or /api/deprivation/:domain. */
  domain: z.string(),
  name: z.string(),
  description: z.string(),
  source: z.string(),
  direction: MeasureDirection,
  visibility: NeedMeasureVisibility,
  uploadedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
  rowCount: z.number().int(),
  coverage: z.number(),
  min: z.number(),
  max: z.number(),
  /** Whether the person asking may delete it (its uploader or an admin). */
  canDelete: z.boolean(),
});
export type NeedMeasure = z.infer<typeof NeedMeasure>;

export const NeedMeasureList = z.object({ measures: z.array(NeedMeasure) });
export type NeedMeasureList = z.infer<typeof NeedMeasureList>;

export const NeedMeasureDryRun = z.object({ dryRun: z.literal(true), summary: NeedMeasureSummary });
export type NeedMeasureDryRun = z.infer<typeof NeedMeasureDryRun>;

export const NeedMeasureCreated = z.object({ dryRun: z.literal(false), summary: NeedMeasureSummary, measure: NeedMeasure });
export type NeedMeasureCreated = z.infer<typeof NeedMeasureCreated>;

export const NeedMeasureParams = z.object({ slug: NeedMeasureSlug });

/** A domain's name in words: the IoD label, or the custom measure's name when given. */
export function needDomainLabel(domain: NeedDomain, customName?: string): string {
  const parsed = parseNeedDomain(domain);
  return parsed.kind === 'iod' ? DEPRIVATION_DOMAIN_LABELS[parsed.domain] : (customName ?? parsed.slug);
}
