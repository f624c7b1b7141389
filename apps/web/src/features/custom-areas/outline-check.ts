import area from '@turf/area';
import kinks from '@turf/kinks';
import { coordEach } from '@turf/meta';
import { CUSTOM_AREA_LIMITS, type AreaShape } from '@common-ground/schema';

/*
 * The area builder checks a drawn outline before sending it, with turf, so a person sees
 * what is wrong while the shape is still on the map. The server remains the judge (it checks
 * validity with PostGIS and the same limits from the shared schema); these checks only
 * spare a round trip and say it in words.
 */

/** The corners of a shape: every position of every ring, less each ring's closing repeat. */
export function cornerCount(shape: AreaShape): number {
  let positions = 0;
  coordEach(
    shape,
    () => {
      positions++;
    },
    true,
  );
  return positions;
}

/**
 * What is wrong with a drawn outline, in words, or null when it is fine to send.
 * @example outlineProblem(bowTie) // 'The outline crosses itself at 1 point: move a corner so that no edges cross.'
 */
export function outlineProblem(shape: AreaShape): string | null {
  const crossings = kinks(shape).features.length;
  if (crossings > 0) {
    return `The outline crosses itself at ${crossings === 1 ? '1 point' : `${crossings} points`}: move a corner so that no edges cross.`;
  }
  // The schema's limit counts every position (closing ones included), as the server does.
  let positions = 0;
  coordEach(shape, () => {
    positions++;
  });
  if (positions > CUSTOM_AREA_LIMITS.maxVertices) {
    return `The outline has ${positions.toLocaleString('en-GB')} points; at most ${CUSTOM_AREA_LIMITS.maxVertices.toLocaleString('en-GB')} can be saved. Draw it with fewer corners.`;
  }
  const sqKm = area(shape) / 1e6;
  if (sqKm > CUSTOM_AREA_LIMITS.maxSqKm) {
    return `The outline covers about ${Math.round(sqKm).toLocaleString('en-GB')} km²; an area can be at most ${CUSTOM_AREA_LIMITS.maxSqKm} km² (a few wards, not a county). Draw a smaller one.`;
  }
  if (sqKm < CUSTOM_AREA_LIMITS.minSqKm) {
    return `The outline covers under ${CUSTOM_AREA_LIMITS.minSqKm * 1e6} m²; draw a larger one.`;
  }
  return null;
}
