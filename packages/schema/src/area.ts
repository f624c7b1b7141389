import { z } from 'zod';
import { LsoaCode } from './common.js';
import { MeasureDirection } from './enums.js';
import { NeedDomain } from './need-measures.js';

export const NeedMeasureValue = z.object({
  measure: z.string(),
  label: z.string(),
  vintage: z.string(),
  score: z.number().nullable(),
  rank: z.number().int().nullable(),
  /** 1 = most deprived 10% (for IoD measures). */
  decile: z.number().int().min(1).max(10).nullable(),
  direction: MeasureDirection,
  /** How many areas the rank is out of. */
  outOf: z.number().int().nullable(),
});
export type NeedMeasureValue = z.infer<typeof NeedMeasureValue>;

/**
 * The ONS Rural-Urban Classification 2021 of an LSOA: a settlement class and whether it is
 * urban or rural. Access that is poor in a city is usual in a village, so compare within a class.
 */
export const RuralUrbanClass = z.object({
  /** `UN1`, `UF1`, `RLN1`, `RLF1`, `RSN1` or `RSF1`. */
  code: z.string(),
  /** "Urban: Nearer to a major town or city", "Smaller rural: Further from a major town or city" … */
  name: z.string(),
  urbanRural: z.enum(['urban', 'rural']),
  /** The classification it is from. */
  classification: z.literal('RUC2021'),
});
export type RuralUrbanClass = z.infer<typeof RuralUrbanClass>;

/** An LSOA's profile: who lives there, how deprived it is, what it has. */
export const AreaProfile = z.object({
  code: LsoaCode,
  name: z.string(),
  localAuthority: z.object({ code: z.string(), name: z.string() }),
  ward: z.object({ code: z.string(), name: z.string() }).nullable(),
  population: z
    .object({
      total: z.number().int(),
      age0to15: z.number().int(),
      age16to24: z.number().int(),
      age25to34: z.number().int(),
      age35to49: z.number().int(),
      age50to64: z.number().int(),
      age65plus: z.number().int(),
      source: z.string(),
    })
    .nullable(),
  areaSqKm: z.number(),
  /** Null only for an LSOA the classification does not cover (none in England). */
  ruralUrban: RuralUrbanClass.nullable(),
  deprivation: z.array(NeedMeasureValue),
  assets: z.object({
    total: z.number().int(),
    byCategory: z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })),
  }),
  /** [minLon, minLat, maxLon, maxLat], for zooming to the area. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
});
export type AreaProfile = z.infer<typeof AreaProfile>;

export const AreaParams = z.object({ code: LsoaCode });

/** One IoD measure for every LSOA in England, for downloads and checks. */
export const DeprivationTable = z.object({
  measure: z.string(),
  label: z.string(),
  vintage: z.string(),
  areas: z.array(
    z.object({
      code: z.string(),
      score: z.number().nullable(),
      rank: z.number().int().nullable(),
      decile: z.number().int().nullable(),
    }),
  ),
});
export type DeprivationTable = z.infer<typeof DeprivationTable>;

/** An IoD domain, or a loaded need measure as need:<slug> (workers only unless it is public). */
export const DeprivationParams = z.object({ domain: NeedDomain });
