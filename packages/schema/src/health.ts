import { z } from 'zod';

export const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['embedded', 'server']),
  areas: z.number().int(),
  assets: z.number().int(),
});
export type Health = z.infer<typeof Health>;

/** /api/health's 503: the database cannot be reached (a load balancer takes the instance out). */
export const HealthUnavailable = z.object({
  status: z.literal('unavailable'),
  database: z.enum(['embedded', 'server']),
  code: z.literal('database_unavailable'),
  message: z.string(),
  /** When this instance last found it unreachable (ISO 8601). */
  since: z.string().nullable(),
});
export type HealthUnavailable = z.infer<typeof HealthUnavailable>;

/** Settings the web client needs at run time. */
export const ClientConfig = z.object({
  /** A MapLibre style URL for the basemap; null means our offline background only. */
  basemapStyleUrl: z.string().nullable(),
  /** Attribution lines for the data on the map (one per publisher). */
  attributions: z.array(z.string()),
});
export type ClientConfig = z.infer<typeof ClientConfig>;
