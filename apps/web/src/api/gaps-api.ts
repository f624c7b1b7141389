import { AreaProvision, EquityResult, GapsLayer, GapsResult } from '@common-ground/schema';
import { api } from './api-client.js';

/*
 * The gaps view's requests. Paths are built from the view's state (features/gaps/gaps-state.ts),
 * which is also what the address bar and the CSV links carry.
 */

/** The priority list at `path` (listPath). */
export const getGapsList = (path: string, signal: AbortSignal): Promise<GapsResult> => api.get(path, GapsResult, signal);

/** The map layer at `path` (layerPath). */
export const getGapsLayer = (path: string, signal: AbortSignal): Promise<GapsLayer> => api.get(path, GapsLayer, signal);

/** The equity gradient at `path` (equityPath). */
export const getEquity = (path: string, signal: AbortSignal): Promise<EquityResult> => api.get(path, EquityResult, signal);

/** One LSOA's provision figures, every category. */
export const getAreaProvision = (code: string, signal: AbortSignal): Promise<AreaProvision> =>
  api.get(`/api/areas/${encodeURIComponent(code)}/provision`, AreaProvision, signal);
