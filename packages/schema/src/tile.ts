import { z } from 'zod';

export const MAX_TILE_ZOOM = 22;

/** `/tiles/<layer>/{z}/{x}/{y}.mvt`; x and y must lie inside the zoom's grid. */
export const TileParams = z
  .object({
    z: z.coerce.number().int().min(0).max(MAX_TILE_ZOOM),
    x: z.coerce.number().int().min(0),
    y: z
      .string()
      .regex(/^\d+\.mvt$/, 'must be a tile row followed by .mvt, such as 21.mvt')
      .transform((v) => Number(v.slice(0, -4))),
  })
  .superRefine((t, ctx) => {
    const n = 2 ** t.z;
    if (t.x >= n) ctx.addIssue({ code: 'custom', path: ['x'], message: `x must be below ${n} at zoom ${t.z}` });
    if (t.y >= n) ctx.addIssue({ code: 'custom', path: ['y'], message: `y must be below ${n} at zoom ${t.z}` });
  });
export type TileParams = z.infer<typeof TileParams>;

/** Property names carried by features of the `areas` tile layer. */
export const AREA_TILE_LAYER = 'areas';
export const ASSET_TILE_LAYER = 'assets';
