import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * Folds MapLibre's compact (phone-sized) credits back to their (i) button. MapLibre opens
 * them at first, over a third of a small map; they stay one tap away.
 */
export function foldCompactCredits(map: MapLibreMap): void {
  map.getContainer().querySelector('.maplibregl-compact-show')?.classList.remove('maplibregl-compact-show');
}
