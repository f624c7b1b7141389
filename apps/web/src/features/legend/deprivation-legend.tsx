import { parseNeedDomain, type NeedDomain } from '@common-ground/schema';
import { DECILE_COLOURS, decileLabel } from '@common-ground/geo';
import { useId } from 'react';
import { needDomainChoices, type NeedDomainChoice } from '../../api/need-measures-api.js';

export interface DeprivationLegendProps {
  measure: NeedDomain;
  onMeasureChange: (measure: NeedDomain) => void;
  /** IMD, its domains and the loaded need measures this person may use (needDomainChoices). */
  choices?: readonly NeedDomainChoice[];
}

/** Choose what shades the neighbourhoods, and read the colours. */
export function DeprivationLegend({ measure, onMeasureChange, choices = needDomainChoices([]) }: DeprivationLegendProps) {
  const selectId = useId();
  const scaleId = useId();
  const custom = parseNeedDomain(measure).kind === 'custom';
  const builtIn = choices.filter((c) => c.kind === 'iod');
  const loaded = choices.filter((c) => c.kind === 'custom');
  return (
    <div className="legend-block">
      <label htmlFor={selectId} className="field-label">
        Shade neighbourhoods by
      </label>
      <select id={selectId} className="select" value={measure} aria-describedby={scaleId} onChange={(event) => onMeasureChange(event.target.value)}>
        {builtIn.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
        {loaded.length > 0 && (
          <optgroup label="Loaded need measures">
            {loaded.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <DecileScale id={scaleId} need={custom} />
      <p className="legend-note">
        {custom
          ? 'A loaded need measure: deciles among the neighbourhoods its file covers (1 = most need); the others are not shaded.'
          : 'English Indices of Deprivation 2025, by neighbourhood (LSOA 2021).'}
      </p>
    </div>
  );
}

/**
 * The ten colours of the shading, from most to least deprived. Shown on its own while the map
 * key is folded: without it the map's colours cannot be read.
 */
export function DecileScale({ id, caption, need = false }: { id?: string; caption?: string; need?: boolean }) {
  return (
    <div className="decile-scale" id={id}>
      {caption && <p className="decile-scale__caption">{caption}</p>}
      <ol className="decile-scale__ramp" aria-label="Deprivation deciles">
        {DECILE_COLOURS.map((colour, i) => (
          <li key={colour} style={{ background: colour }} title={`${i + 1}: ${decileLabel(i + 1)}`}>
            <span className="visually-hidden">
              Decile {i + 1}: {decileLabel(i + 1)}
            </span>
          </li>
        ))}
      </ol>
      <div className="decile-scale__ends" aria-hidden="true">
        <span>{need ? '1 = most need' : '1 = most deprived 10%'}</span>
        <span>{need ? '10 = least need' : '10 = least deprived 10%'}</span>
      </div>
    </div>
  );
}
