import type { DataSource } from '@common-ground/schema';
import { api } from './api-client.js';

let sources: Promise<DataSource[]> | null = null;

/**
 * The data sources, fetched once per page and shared by the sources dialog and the asset
 * panel (which names an asset's sources). A failure is not cached, so a later call retries.
 */
export function loadSources(): Promise<DataSource[]> {
  sources ??= api.getSources().catch((error: unknown) => {
    sources = null;
    throw error;
  });
  return sources;
}
