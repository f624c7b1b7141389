import { z } from 'zod';

/**
 * Whether a source lists every asset of its categories where it covers (`complete`: a
 * national register such as the NHS's list of GP practices) or only what someone has
 * recorded (`partial`: OpenStreetMap, a local directory). Only a complete source can show
 * that something is absent.
 */
export const SourceCompleteness = z.enum(['complete', 'partial']);
export type SourceCompleteness = z.infer<typeof SourceCompleteness>;

/** A published dataset the product loads, with what it must be credited with. */
export const DataSource = z.object({
  code: z.string(),
  name: z.string(),
  publisher: z.string(),
  licence: z.string(),
  attribution: z.string(),
  /** The date the publisher's data refers to (ISO date). */
  sourceDate: z.string(),
  url: z.string().nullable(),
  /** Which local authorities and categories this source covers, so "no data" differs from "none". */
  coverage: z.object({
    england: z.boolean(),
    localAuthorities: z.array(z.string()),
    categories: z.array(z.string()),
    completeness: SourceCompleteness,
  }),
  records: z.number().int().nullable(),
});
export type DataSource = z.infer<typeof DataSource>;

export const SourceList = z.object({ sources: z.array(DataSource) });
export type SourceList = z.infer<typeof SourceList>;
