import { PlaceLabels, StreetLayerList } from '@common-ground/schema';
import { api } from './api-client.js';

/** Town and neighbourhood names for the map without a basemap. */
export const getPlaceLabels = (): Promise<PlaceLabels> => api.get('/api/place-labels', PlaceLabels);

/** The shipped street layers, each with its extent (added to the map as the view reaches them). */
export const getStreetLayers = (): Promise<StreetLayerList> => api.get('/api/streets', StreetLayerList);
