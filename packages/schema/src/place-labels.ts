import { z } from 'zod';

/**
 * What a map label names. Local authorities and wards come from the loaded LSOA lookups,
 * postcode districts from the shipped district centroids: all data the product already
 * holds, so the map can name places with no basemap and no network.
 */
export const PlaceLabelKind = z.enum(['local_authority', 'ward', 'postcode_district']);
export type PlaceLabelKind = z.infer<typeof PlaceLabelKind>;

/** One label: where to draw a place's name, and how many people live there (bigger wins a clash). */
export const PlaceLabelFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    name: z.string(),
    kind: PlaceLabelKind,
    /** Residents (LSOA populations summed); 0 for postcode districts. */
    population: z.number().int().min(0),
  }),
});
export type PlaceLabelFeature = z.infer<typeof PlaceLabelFeature>;

export const PlaceLabels = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(PlaceLabelFeature),
});
export type PlaceLabels = z.infer<typeof PlaceLabels>;

/** A street layer the product ships (data/streets/), drawn when the map is over its bounds. */
export const StreetLayer = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  /** [west, south, east, north] in WGS84. */
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  dataDate: z.string(),
  /** Whether the streets carry their names (some pilot files kept geometry only). */
  named: z.boolean(),
  attribution: z.string(),
  /** Where the GeoJSON (LineStrings with `class`: major | minor, and `name` where known) is. */
  url: z.string(),
});
export type StreetLayer = z.infer<typeof StreetLayer>;

export const StreetLayerList = z.object({ layers: z.array(StreetLayer) });
export type StreetLayerList = z.infer<typeof StreetLayerList>;

export const StreetLayerParams = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'must be a street layer id such as north-london-2026'),
});
