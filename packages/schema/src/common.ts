import { z } from 'zod';
import { ErrorCode } from './error-code.js';

/**
 * PostgreSQL `integer`'s range: every version, sort order and count column is one, so a
 * number bound for one must fit it (beyond it the database refuses the statement).
 */
export const PG_INTEGER = { min: -2_147_483_648, max: 2_147_483_647 } as const;

/** A whole number a PostgreSQL `integer` column holds. */
export const PgInteger = z.number().int().min(PG_INTEGER.min, `must be at least ${PG_INTEGER.min}`).max(PG_INTEGER.max, `must be at most ${PG_INTEGER.max}`);

/** A version number, as stored (`version integer`) and sent back as `baseVersion`: 1 or more. */
export const VersionNumber = PgInteger.min(1, 'must be a version number, 1 or more');

/** An LSOA 2021 GSS code in England, e.g. E01000001. */
export const LsoaCode = z.string().regex(/^E01\d{6}$/, 'must be an English LSOA code such as E01000001');

/** A GSS code of any kind (E01 LSOA, E05 ward, E06–E09 local authority …). */
export const GssCode = z.string().regex(/^[EWSN]\d{8}$/, 'must be a GSS code such as E08000019');

/** `minLon,minLat,maxLon,maxLat` in WGS84, as in a map's bounds. */
export const BBox = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) {
    ctx.addIssue({ code: 'custom', message: 'bbox must be four numbers: minLon,minLat,maxLon,maxLat' });
    return z.NEVER;
  }
  const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
  if (minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90) {
    ctx.addIssue({ code: 'custom', message: 'bbox is outside longitude -180..180 / latitude -90..90' });
    return z.NEVER;
  }
  if (minLon >= maxLon || minLat >= maxLat) {
    ctx.addIssue({ code: 'custom', message: 'bbox min must be below max (minLon,minLat,maxLon,maxLat)' });
    return z.NEVER;
  }
  return [minLon, minLat, maxLon, maxLat] as [number, number, number, number];
});
export type BBox = [number, number, number, number];

export const PointGeometry = z.object({
  type: z.literal('Point'),
  coordinates: z.tuple([z.number(), z.number()]),
});
export type PointGeometry = z.infer<typeof PointGeometry>;

/** Every 4xx and 5xx body the API sends. */
export const ErrorBody = z.object({
  code: ErrorCode,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
