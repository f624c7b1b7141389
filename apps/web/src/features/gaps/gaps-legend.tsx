import type { DeprivationClass, GapsLayer, ProvisionClass } from '@common-ground/schema';
import { formatCount } from '../../lib/format.js';
import { deprivationClassText, provisionClassText } from './gaps-text.js';
import { bivariateColour, NO_DATA_COLOUR } from './gaps-map-style.js';

/** How many LSOAs fall in each cell, keyed dep × 10 + prov (0 for no data). */
export function cellCounts(layer: GapsLayer): Map<number, number> {
  const counts = new Map<number, number>();
  for (const [dep, prov] of Object.values(layer.classes)) {
    const cell = dep === 0 || prov === 0 ? 0 : dep * 10 + prov;
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  return counts;
}

const DEP: Exclude<DeprivationClass, 0>[] = [3, 2, 1];
const PROV: Exclude<ProvisionClass, 0>[] = [1, 2, 3];

/**
 * The 3 × 3 key of the gap map as a table: rows are deprivation, columns provision, each
 * cell its colour and how many LSOAs it holds, every header in words; the top-right cell
 * is the flagged one.
 */
export function GapsLegend({ layer, domainLabel }: { layer: GapsLayer; domainLabel: string }) {
  const counts = cellCounts(layer);
  const { settings } = layer;
  const noData = counts.get(0) ?? 0;
  return (
    <div className="gaps-legend" data-testid="gaps-legend">
      <table className="gaps-legend__grid">
        <caption>Map key: deprivation ({domainLabel}) by provision; figures are LSOAs</caption>
        <thead>
          <tr>
            <td />
            {PROV.map((p) => (
              <th key={p} scope="col">
                {p === 3 ? 'Thin' : provisionClassText(p, settings)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {DEP.map((d) => (
            <tr key={d}>
              <th scope="row">{deprivationClassText(d, settings.deprivedDeciles)}</th>
              {PROV.map((p) => {
                const flagged = d === 3 && p === 3;
                return (
                  <td key={p} className={flagged ? 'gaps-legend__cell gaps-legend__cell--flagged' : 'gaps-legend__cell'}>
                    <span className="gaps-legend__swatch" style={{ background: bivariateColour(d, p) }} aria-hidden="true" />
                    <span>
                      {formatCount(counts.get(d * 10 + p) ?? 0)}
                      {flagged && <span className="gaps-legend__flag"> flagged</span>}
                    </span>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="gaps-legend__notes">
        <p className="gaps-legend__note">
          {provisionClassText(3, settings)}, among the LSOAs of {settings.area.name}.
        </p>
        <p className="gaps-legend__note">
          <span className="gaps-legend__swatch" style={{ background: NO_DATA_COLOUR }} aria-hidden="true" />
          No data or no decile: {formatCount(noData)}. Flagged LSOAs also have a dark outline.
        </p>
      </div>
    </div>
  );
}
