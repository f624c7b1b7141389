import { needDomainLabel, parseNeedDomain, type NeedDomain } from '@common-ground/schema';
import { useMemo } from 'react';
import { getDeprivationTable, needDomainChoices, type NeedDomainChoice } from '../../api/need-measures-api.js';
import { useResource } from '../../lib/use-resource.js';
import type { AreaShading } from '../../map/map-style.js';
import { useNeedMeasures } from './use-need-measures.js';

export interface AreaShadingState {
  /** What the map shades by: an IoD domain, or the loaded measure's deciles (none until they arrive). */
  shading: AreaShading;
  /** The measure in words, for the legend's caption. */
  label: string;
  /** The picker's options: the IoD domains, then the loaded measures this person may use. */
  choices: NeedDomainChoice[];
  /** Set when a loaded measure's deciles could not be fetched. */
  error: string | null;
}

const NO_DECILES: AreaShading = { deciles: [] };

/**
 * The map's shading for a chosen domain. IoD deciles are in the area tiles; a loaded
 * measure's are fetched once per choice (they never go into the public tiles).
 */
export function useAreaShading(domain: NeedDomain): AreaShadingState {
  const measures = useNeedMeasures();
  const list = useMemo(() => (measures.status === 'ready' ? measures.data : []), [measures]);
  const choices = useMemo(() => needDomainChoices(list), [list]);
  const parsed = parseNeedDomain(domain);
  const table = useResource(parsed.kind === 'custom' ? domain : null, getDeprivationTable);
  const shading = useMemo<AreaShading>(() => {
    const iod = parseNeedDomain(domain);
    if (iod.kind === 'iod') return iod.domain;
    return table.status === 'ready' ? { deciles: table.data.areas } : NO_DECILES;
  }, [domain, table]);
  const custom = list.find((m) => m.domain === domain);
  return {
    shading,
    label: needDomainLabel(domain, custom?.name),
    choices,
    error: parsed.kind === 'custom' && table.status === 'error' ? table.message : null,
  };
}
