import type { Category } from '@common-ground/schema';
import { useId } from 'react';
import { topLevelCategories, type AssetFilterOptions } from '../../map/map-style.js';

export interface AssetLegendProps {
  categories: readonly Category[];
  filter: AssetFilterOptions;
  onFilterChange: (filter: AssetFilterOptions) => void;
  /** Null while categories load; a message when they could not be loaded. */
  error: string | null;
}

/** The colours of asset points, each a switch for its category, plus closed places. */
export function AssetLegend({ categories, filter, onFilterChange, error }: AssetLegendProps) {
  const defunctId = useId();
  const groups = topLevelCategories(categories);
  const hidden = new Set(filter.hiddenGroups);

  function toggle(code: string, visible: boolean) {
    const next = new Set(hidden);
    if (visible) next.delete(code);
    else next.add(code);
    onFilterChange({ ...filter, hiddenGroups: groups.map((g) => g.code).filter((c) => next.has(c)) });
  }

  return (
    <fieldset className="legend-block asset-legend">
      <legend className="field-label">Community assets</legend>
      {error && (
        <p className="inline-error" role="alert">
          Categories could not be loaded: {error}
        </p>
      )}
      {!error && groups.length === 0 && <p className="muted small">Loading categories…</p>}
      {groups.length > 0 && (
        <>
          <ul className="category-list">
            {groups.map((g) => {
              const id = `${defunctId}-${g.code}`;
              return (
                <li key={g.code}>
                  <input id={id} type="checkbox" checked={!hidden.has(g.code)} onChange={(e) => toggle(g.code, e.target.checked)} />
                  <label htmlFor={id} title={g.description}>
                    <span className="dot" style={{ background: g.colour }} aria-hidden="true" />
                    {g.name}
                  </label>
                </li>
              );
            })}
          </ul>
          <div className="asset-legend__actions">
            <button type="button" className="link-button small" disabled={hidden.size === 0} onClick={() => onFilterChange({ ...filter, hiddenGroups: [] })}>
              Show all
            </button>
            <button
              type="button"
              className="link-button small"
              disabled={hidden.size === groups.length}
              onClick={() => onFilterChange({ ...filter, hiddenGroups: groups.map((g) => g.code) })}
            >
              Hide all
            </button>
          </div>
        </>
      )}
      <div className="check-row">
        <input id={defunctId} type="checkbox" checked={filter.showDefunct} onChange={(e) => onFilterChange({ ...filter, showDefunct: e.target.checked })} />
        <label htmlFor={defunctId}>Include places that have closed for good</label>
      </div>
      <p className="legend-note">Faded points are not running at the moment.</p>
      <p className="legend-note">
        <svg width="24" height="14" viewBox="0 0 24 14" aria-hidden="true" style={{ verticalAlign: 'middle', marginRight: '0.3rem' }}>
          <circle cx="4" cy="9" r="3" fill="#6b7280" stroke="#fff" />
          <circle cx="16" cy="7" r="6.5" fill="#6b7280" stroke="#fff" />
        </svg>
        Zoomed out, nearby places of one kind are drawn as one circle: the bigger it is, the more places it holds. Click it to zoom in.
      </p>
    </fieldset>
  );
}
