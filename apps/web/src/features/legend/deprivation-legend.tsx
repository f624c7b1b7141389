import { DEPRIVATION_DOMAIN_LABELS, DeprivationDomain } from '@common-ground/schema';
import { DECILE_COLOURS, decileLabel } from '@common-ground/geo';
import { useId } from 'react';

export interface DeprivationLegendProps {
  measure: DeprivationDomain;
  onMeasureChange: (measure: DeprivationDomain) => void;
}

/** Choose what shades the neighbourhoods, and read the colours. */
export function DeprivationLegend({ measure, onMeasureChange }: DeprivationLegendProps) {
  const selectId = useId();
  const scaleId = useId();
  return (
    <div className="legend-block">
      <label htmlFor={selectId} className="field-label">
        Shade neighbourhoods by
      </label>
      <select
        id={selectId}
        className="select"
        value={measure}
        aria-describedby={scaleId}
        onChange={(event) => onMeasureChange(DeprivationDomain.parse(event.target.value))}
      >
        {DeprivationDomain.options.map((m) => (
          <option key={m} value={m}>
            {DEPRIVATION_DOMAIN_LABELS[m]}
          </option>
        ))}
      </select>
      <DecileScale id={scaleId} />
      <p className="legend-note">English Indices of Deprivation 2025, by neighbourhood (LSOA 2021).</p>
    </div>
  );
}

/**
 * The ten colours of the shading, from most to least deprived. Shown on its own while the map
 * key is folded: without it the map's colours cannot be read.
 */
export function DecileScale({ id, caption }: { id?: string; caption?: string }) {
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
        <span>1 = most deprived 10%</span>
        <span>10 = least deprived 10%</span>
      </div>
    </div>
  );
}
