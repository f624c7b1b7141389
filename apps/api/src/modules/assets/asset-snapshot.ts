import type { AssetInput, LocationPrecision, PointGeometry, ReviewState } from '@common-ground/schema';

/**
 * What a write puts in an asset row: the form's fields with the place resolved (a map
 * click, or a postcode's centre) and how precise that place is.
 */
export type AssetContent = Omit<AssetInput, 'location'> & {
  location: PointGeometry;
  locationPrecision: LocationPrecision;
};

/**
 * An asset as change history keeps it (`before` / `after`): its content plus the state a
 * person reading the history wants to see change. Revert writes the content back.
 */
export type AssetSnapshot = AssetContent & {
  reviewState: ReviewState;
  version: number;
  lastVerifiedAt: string | null;
};

/** The content of a snapshot, to write it back (revert). */
export function contentOf(snapshot: AssetSnapshot): AssetContent {
  const { reviewState: _state, version: _version, lastVerifiedAt: _verified, ...content } = snapshot;
  return content;
}

/**
 * History as the public may read it: a snapshot taken while the asset was sensitive may
 * hold a refuge's real address, so it is left out even once the asset is public.
 */
export function publicSnapshot(snapshot: Record<string, unknown> | null): Record<string, unknown> | null {
  return snapshot && snapshot.sensitive === true ? null : snapshot;
}
