import { z } from 'zod';

export const Health = z.object({
  status: z.literal('ok'),
  database: z.enum(['embedded', 'server']),
  areas: z.number().int(),
  assets: z.number().int(),
});
export type Health = z.infer<typeof Health>;

/** Settings the web client needs at run time. */
export const ClientConfig = z.object({
  /** A MapLibre style URL for the basemap; null means our offline background only. */
  basemapStyleUrl: z.string().nullable(),
  /** Attribution lines for the data on the map (one per publisher). */
  attributions: z.array(z.string()),
});
export type ClientConfig = z.infer<typeof ClientConfig>;
