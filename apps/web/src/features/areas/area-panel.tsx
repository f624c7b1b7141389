import type { AreaProfile, Category } from '@common-ground/schema';
import type { ReactNode } from 'react';
import { DECILE_COLOURS } from '@common-ground/geo';
import { api } from '../../api/api-client.js';
import { decileWords, formatCount, plural, rankText } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { Notes } from '../annotations/notes.js';
import { PanelStatus, SidePanel } from '../panel/side-panel.js';
import { areaExportHref } from '../search/export-links.js';
import { ageShares, measureLabel, orderDomains, vintageText } from './area-profile.js';

const loadArea = (code: string, signal: AbortSignal) => api.getArea(code, signal);

export interface AreaPanelProps {
  code: string;
  categories: readonly Category[];
  onClose: () => void;
  onZoomTo: (bbox: AreaProfile['bbox']) => void;
  /** Shown above the profile, e.g. the Gaps view's figures for this LSOA. */
  extra?: ReactNode;
}

/** The profile of one neighbourhood (LSOA): where it is, how deprived, who lives there, what it has. */
export function AreaPanel({ code, categories, onClose, onZoomTo, extra }: AreaPanelProps) {
  const area = useResource(code, loadArea);
  const title = area.status === 'ready' ? area.data.name : area.status === 'error' ? 'Area not available' : 'Loading area…';
  return (
    <SidePanel
      testId="area-panel"
      kicker={`Neighbourhood · ${code}`}
      title={title}
      contentKey={`area:${code}`}
      busy={area.status === 'loading'}
      onClose={onClose}
    >
      {extra}
      {area.status === 'loading' && <PanelStatus kind="loading">Loading the area profile…</PanelStatus>}
      {area.status === 'error' && <PanelStatus kind="error">{area.message}</PanelStatus>}
      {area.status === 'ready' && (
        <>
          <AreaProfileView area={area.data} categories={categories} onZoomTo={onZoomTo} />
          <Notes target={{ type: 'area', areaCode: code }} subject={area.data.name} heading="h3" />
        </>
      )}
    </SidePanel>
  );
}

function DecileSwatch({ decile }: { decile: number | null }) {
  const colour = decile === null ? undefined : DECILE_COLOURS[decile - 1];
  return <span className={`swatch${colour ? '' : ' swatch--none'}`} style={colour ? { background: colour } : undefined} aria-hidden="true" />;
}

function AreaProfileView({ area, categories, onZoomTo }: { area: AreaProfile; categories: readonly Category[]; onZoomTo: AreaPanelProps['onZoomTo'] }) {
  const imd = area.deprivation.find((d) => d.measure === 'imd');
  const domains = orderDomains(area.deprivation);
  const colourOf = new Map(categories.map((c) => [c.code, c.colour]));
  const population = area.population;
  const vintage = imd?.vintage ?? domains[0]?.vintage;

  return (
    <>
      <p className="area-where">
        {area.ward ? `${area.ward.name} ward, ` : ''}
        {area.localAuthority.name}
      </p>

      <section className="card imd-card" aria-labelledby="imd-heading">
        <h3 id="imd-heading" className="card__title">
          Index of Multiple Deprivation
          {vintage && <span className="block small muted">{vintageText(vintage)}</span>}
        </h3>
        {imd && imd.decile !== null ? (
          <>
            <p className="imd-card__decile">
              <DecileSwatch decile={imd.decile} />
              <span>
                Decile <strong data-testid="area-imd-decile">{imd.decile}</strong> of 10
              </span>
            </p>
            <p className="imd-card__words">{decileWords(imd.decile)} of neighbourhoods in England</p>
            {imd.rank !== null && (
              <p className="muted">
                Ranked {rankText(imd.rank, imd.outOf)} <span className="nowrap">(1 = most deprived)</span>
              </p>
            )}
          </>
        ) : (
          <p className="muted">No deprivation data for this area.</p>
        )}
      </section>

      {domains.length > 0 && (
        <section aria-labelledby="domains-heading">
          <h3 id="domains-heading" className="section-title">
            Domains of deprivation
          </h3>
          <table className="data-table">
            <caption className="visually-hidden">Decile for each domain, 1 = most deprived 10%</caption>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col" className="num">
                  Decile
                </th>
              </tr>
            </thead>
            <tbody>
              {domains.map((d) => (
                <tr key={d.measure}>
                  <th scope="row">
                    {measureLabel(d)}
                    <span className="muted small block">{decileWords(d.decile)}</span>
                  </th>
                  <td className="num">
                    <span className="decile-cell">
                      <DecileSwatch decile={d.decile} />
                      {d.decile ?? '–'}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      <section aria-labelledby="population-heading">
        <h3 id="population-heading" className="section-title">
          People
        </h3>
        {population ? (
          <>
            <p>
              <strong>{formatCount(population.total)}</strong> people live here
              <span className="block small muted">{population.source}</span>
            </p>
            <dl className="age-bars">
              {ageShares(population).map(({ key, label, count, percent }) => (
                <div key={key} className="age-bars__row">
                  <dt>{label}</dt>
                  <dd>
                    <span className="age-bars__bar" style={{ width: `${percent}%` }} aria-hidden="true" />
                    <span className="age-bars__value">
                      {formatCount(count)} <span className="muted">({percent}%)</span>
                    </span>
                  </dd>
                </div>
              ))}
            </dl>
          </>
        ) : (
          <p className="muted">No population figures for this area.</p>
        )}
        {area.ruralUrban && (
          <p data-testid="rural-urban">
            Settlement: <strong>{area.ruralUrban.name}</strong>
            <span className="block small muted">ONS Rural-Urban Classification 2021 ({area.ruralUrban.code})</span>
          </p>
        )}
      </section>

      <section aria-labelledby="assets-heading">
        <h3 id="assets-heading" className="section-title">
          Community assets here
        </h3>
        {area.assets.total === 0 ? (
          <p className="muted">No community assets are recorded in this area yet.</p>
        ) : (
          <>
            <p>{plural(area.assets.total, 'asset')} recorded in this area.</p>
            <ul className="count-list">
              {area.assets.byCategory.map((c) => (
                <li key={c.code}>
                  <span className="dot" style={{ background: colourOf.get(c.code) ?? '#6b7280' }} aria-hidden="true" />
                  <span className="count-list__name">{c.name}</span>
                  <span className="count-list__count">{formatCount(c.count)}</span>
                </li>
              ))}
            </ul>
            <p className="small" data-testid="area-export">
              Download them:{' '}
              <a href={areaExportHref(area.code, 'csv')} download>
                CSV
              </a>
              {' · '}
              <a href={areaExportHref(area.code, 'geojson')} download>
                GeoJSON
              </a>
              {' · '}
              <a href={areaExportHref(area.code, 'hsds')} download>
                Open Referral (HSDS) JSON
              </a>
            </p>
          </>
        )}
      </section>

      <p className="panel-actions">
        <button type="button" className="button" onClick={() => onZoomTo(area.bbox)}>
          Zoom to this area
        </button>
      </p>
      <p className="muted small">
        {area.areaSqKm.toLocaleString('en-GB', { maximumFractionDigits: 2 })} km² · LSOA {area.code}
      </p>
    </>
  );
}
