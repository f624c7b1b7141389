import {
  DEPRIVATION_DOMAIN_LABELS,
  DeprivationTable,
  DeprivationDomain,
  NeedMeasureCreated,
  NeedMeasureDryRun,
  NeedMeasureList,
  needDomainOf,
  type NeedDomain,
  type NeedMeasure,
  type NeedMeasureUpload,
} from '@common-ground/schema';
import { api } from './api-client.js';

/*
 * Need measures loaded from CSV, usable wherever an IoD domain is (`need:<slug>`). Domain
 * pickers (the gaps view, …) take their options from needDomainChoices and the measures
 * from useNeedMeasures (features/needs/use-need-measures.ts), so a worker sees workers-only measures and the public does not.
 */

const enc = encodeURIComponent;

/** The measures the person asking may use: public ones, and workers-only ones for workers. */
export async function listNeedMeasures(signal?: AbortSignal): Promise<NeedMeasure[]> {
  return (await api.get('/api/need-measures', NeedMeasureList, signal)).measures;
}

/** Checks a file without storing it: the summary, or an ApiError whose issues name line and column. */
export function checkNeedMeasure(body: NeedMeasureUpload): Promise<NeedMeasureDryRun> {
  return api.send('/api/need-measures', { method: 'POST', body: { ...body, dryRun: true } }, NeedMeasureDryRun);
}

/** Loads the measure (all or nothing); a taken short name is a 409 on `body.slug`. */
export function uploadNeedMeasure(body: NeedMeasureUpload): Promise<NeedMeasureCreated> {
  return api.send('/api/need-measures', { method: 'POST', body: { ...body, dryRun: false } }, NeedMeasureCreated);
}

export function deleteNeedMeasure(slug: string): Promise<void> {
  return api.send(`/api/need-measures/${enc(slug)}`, { method: 'DELETE' }, null);
}

export interface NeedDomainChoice {
  value: NeedDomain;
  label: string;
  /** 'iod': built in; 'custom': loaded from CSV (with its visibility). */
  kind: 'iod' | 'custom';
  workersOnly: boolean;
}

/**
 * Options for a domain picker: IMD and its seven domains, then the loaded measures by name.
 * @example needDomainChoices([{ slug: 'cni', name: 'Community Needs Index', visibility: 'workers', … }]).at(-1)
 * // { value: 'need:cni', label: 'Community Needs Index (workers only)', kind: 'custom', workersOnly: true }
 */
export function needDomainChoices(measures: readonly NeedMeasure[]): NeedDomainChoice[] {
  const builtIn = DeprivationDomain.options.map((d): NeedDomainChoice => ({ value: d, label: DEPRIVATION_DOMAIN_LABELS[d], kind: 'iod', workersOnly: false }));
  const custom = [...measures]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((m): NeedDomainChoice => ({
      value: needDomainOf(m.slug),
      label: m.visibility === 'workers' ? `${m.name} (workers only)` : m.name,
      kind: 'custom',
      workersOnly: m.visibility === 'workers',
    }));
  return [...builtIn, ...custom];
}

/** The deciles of a loaded measure (`need:<slug>`) for every LSOA it covers, for shading the map. */
export function getDeprivationTable(domain: string, signal: AbortSignal): Promise<DeprivationTable> {
  return api.get(`/api/deprivation/${enc(domain)}`, DeprivationTable, signal);
}
