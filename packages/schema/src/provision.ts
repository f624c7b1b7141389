import { z } from 'zod';

/** Default walking-distance bands (metres): about 5, 10 and 20 minutes' walk. */
export const DEFAULT_PROVISION_BANDS = [400, 800, 1600] as const;
/** Default E2SFCA catchment d0 (metres). */
export const DEFAULT_PROVISION_CATCHMENT = 1600;
/**
 * E2SFCA distance decay: 'gaussian' is a Gaussian normalised so W(0) = 1 and W(d0) = 0,
 * W(d) = (exp(-½ (d/d0)²) − exp(-½)) / (1 − exp(-½)), and 0 beyond d0 (at the middles of Luo
 * & Qi's three zones it gives 0.96, 0.70, 0.25 against their stepped 1.00, 0.68, 0.22);
 * 'none' weighs every distance within d0 as 1 (classic 2SFCA).
 */
export const ProvisionDecay = z.enum(['gaussian', 'none']);
export type ProvisionDecay = z.infer<typeof ProvisionDecay>;
export const DEFAULT_PROVISION_DECAY: ProvisionDecay = 'gaussian';
/** The category code that stands for every public asset. */
export const ALL_CATEGORIES = '*';

const metres = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** `?bands=400,800,1600&catchment=1600&decay=gaussian`; each defaults as above. */
export const ProvisionQuery = z.object({
  bands: z
    .string()
    .regex(/^\d+(,\d+){0,4}$/, 'bands: one to five whole numbers of metres, comma-separated, e.g. 400,800,1600')
    .transform((s) => s.split(',').map(Number))
    .pipe(
      z
        .array(z.number().int().min(50, 'each band is at least 50 m').max(10_000, 'each band is at most 10,000 m'))
        .refine((b) => b.every((x, i) => i === 0 || x > b[i - 1]!), 'bands must be in ascending order, without repeats'),
    )
    .optional(),
  catchment: metres(100, 10_000).optional(),
  decay: ProvisionDecay.optional(),
});
export type ProvisionQuery = z.infer<typeof ProvisionQuery>;

export const ProvisionBand = z.object({
  metres: z.number(),
  /** Public assets within this distance of where the LSOA's residents live. */
  count: z.number().int(),
  /**
   * A rate: count × 1,000 ÷ the usual residents of every LSOA whose residence point is within
   * this distance of this one's (itself included); null where that is 0.
   */
  per1000: z.number().nullable(),
});

export const CategoryProvision = z.object({
  /** A category code (counting its sub-categories too), or '*' for every public asset. */
  code: z.string(),
  name: z.string(),
  /**
   * Coverage of the category in the LSOA's local authority, as the gap answers give it
   * (README, "Provision", coverage with completeness): 'complete' (a complete register
   * speaks for it here), 'partial' (figures count known assets only: an absence proves
   * nothing), 'no_data' (no source speaks here, so an empty map says nothing; the figures are
   * then left out, null).
   */
  coverage: z.enum(['complete', 'partial', 'no_data']),
  bands: z.array(ProvisionBand).nullable(),
  /** Distance (m) to the nearest public asset; null when there is none anywhere, or no data. */
  nearestMetres: z.number().nullable(),
  /** E2SFCA accessibility (Luo & Qi 2009): assets per 1,000 residents reachable, distance-weighted. */
  e2sfca: z.number().nullable(),
  /**
   * The postcode-level (AHAH-style) measure: distance (m) from each of the LSOA's live postcodes
   * to its nearest public asset, averaged over the postcodes; null when there is no asset
   * anywhere, no postcode in the LSOA, or no data. Always computed for the request.
   */
  postcodeMeanNearestMetres: z.number().nullable(),
});
export type CategoryProvision = z.infer<typeof CategoryProvision>;

/**
 * How current the stored provision figures an answer uses are. Asset changes are applied
 * to the stored figures by a background worker a few seconds after they are made, never
 * while a request waits; until then answers use the last complete figures and say so.
 */
export const FiguresFreshness = z.object({
  /**
   * Every asset change made before this instant (ISO 8601, UTC) is in the figures. Null
   * when the answer used no stored figures (none stored yet, or settings other than the
   * defaults): its figures were computed for it from the assets as they are.
   */
  figuresAsOf: z.string().nullable(),
  /** Asset changes made since, anywhere, that the figures do not include yet (0 when figuresAsOf is null). */
  pendingChanges: z.number().int().min(0),
});
export type FiguresFreshness = z.infer<typeof FiguresFreshness>;

export const AreaProvision = FiguresFreshness.extend({
  areaCode: z.string(),
  settings: z.object({ bands: z.array(z.number()), catchment: z.number(), decay: ProvisionDecay }),
  /**
   * How the residence point was found: the ONS population-weighted centroid (`pwc`), or for
   * an LSOA without one the mean of its live postcodes, or a point on its polygon.
   */
  residencePoint: z.enum(['pwc', 'postcode_mean', 'point_on_surface']),
  /** Live postcodes in the LSOA: what the postcode-level means are over. */
  postcodes: z.number().int(),
  /** 'stored': the kept-current figures for the default settings; 'computed': worked out for this request. */
  figures: z.enum(['stored', 'computed']),
  categories: z.array(CategoryProvision),
});
export type AreaProvision = z.infer<typeof AreaProvision>;
