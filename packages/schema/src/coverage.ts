import { z } from 'zod';
import { CategoryCode } from './category.js';
import { Coverage } from './gaps.js';

/** PUT /api/coverage/{category}/{lad}: a worker's word on a category's coverage in a local authority. */
export const CoverageOverrideParams = z.object({
  category: CategoryCode,
  lad: z.string().regex(/^E0[6-9]\d{6}$/, 'must be a local authority GSS code (E06…, E07…, E08…, E09…)'),
});
export type CoverageOverrideParams = z.infer<typeof CoverageOverrideParams>;

export const CoverageOverrideBody = z.object({
  completeness: Coverage,
  /** Why (kept in the history): what was checked, against what. */
  reason: z.string().trim().min(3, 'give a reason (at least 3 characters)').max(1000),
});
export type CoverageOverrideBody = z.infer<typeof CoverageOverrideBody>;

/** The category's coverage in the authority after the change, with its history, newest first. */
export const CoverageOverrideResult = z.object({
  category: z.string(),
  lad: z.string(),
  /** What the sources alone say, and what now applies (the override). */
  derived: Coverage,
  completeness: Coverage,
  history: z.array(
    z.object({
      previous: Coverage.nullable(),
      completeness: Coverage,
      reason: z.string(),
      setBy: z.string().nullable(),
      setAt: z.string(),
    }),
  ),
});
export type CoverageOverrideResult = z.infer<typeof CoverageOverrideResult>;
