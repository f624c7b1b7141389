import { type AreaProvision, type DeprivationClass, type GapLayerEntry, type ProvisionClass, type GapRow, type GapSettings } from '@common-ground/schema';
import { api } from '../../api/api-client.js';
import { getAreaProvision } from '../../api/gaps-api.js';
import { useResource } from '../../lib/use-resource.js';
import { FiguresFreshnessNote } from '../panel/figures-freshness-note.js';
import { PanelStatus } from '../panel/side-panel.js';
import { bandSentences, deprivationClassText, provisionClassText, rowSentence, type GapFigures } from './gaps-text.js';
import { bivariateColour } from './gaps-map-style.js';

const loadArea = (code: string, signal: AbortSignal) => api.getArea(code, signal);
const loadProvision = getAreaProvision;

export interface GapProfileProps {
  code: string;
  category: string;
  settings: GapSettings;
  /** This LSOA's [deprivation class, provision class, flag] from the layer; undefined when outside the area. */
  entry: GapLayerEntry | undefined;
  /** Its row, when it is on the table's page (it carries the reason in words). */
  row: GapRow | undefined;
  what: string;
  domainLabel: string;
}

/**
 * The gap figures of one LSOA in plain words, above its area profile: whether it is
 * flagged and why, how far people are from the category, and how many are in each band.
 */
export function GapProfile({ code, category, settings, entry, row, what, domainLabel }: GapProfileProps) {
  const provision = useResource(code, loadProvision);
  // Off the table's page there is no row: the population comes from the area's profile.
  const area = useResource(row ? null : code, loadArea);
  const population = row?.population ?? (area.status === 'ready' ? (area.data.population?.total ?? null) : null);
  const figures: GapFigures | null = row ? row : provision.status === 'ready' ? fromProvision(provision.data, category, population) : null;
  const [depNumber, provNumber, flag] = entry ?? [0, 0, 0];
  const dep = depNumber as DeprivationClass;
  const prov = provNumber as ProvisionClass;
  return (
    <section className="card gap-profile" aria-labelledby="gap-profile-heading" data-testid="gap-profile">
      <h3 id="gap-profile-heading" className="card__title">
        Gaps in {what}
      </h3>
      {!entry ? (
        <p className="muted">This LSOA is outside {settings.area.name}, so it is not ranked here.</p>
      ) : (
        <>
          <p className="gap-profile__verdict">
            <span className="gaps-legend__swatch" style={{ background: bivariateColour(dep, prov) }} aria-hidden="true" />
            {flag ? <strong className="gaps-flag">Flagged</strong> : <strong>Not flagged</strong>}
          </p>
          <dl className="gap-profile__classes">
            <div>
              <dt>Deprivation ({domainLabel})</dt>
              <dd>{deprivationClassText(dep, settings.deprivedDeciles)}</dd>
            </div>
            <div>
              <dt>Provision in {settings.area.name}</dt>
              <dd>{provisionClassText(prov, settings)}</dd>
            </div>
          </dl>
        </>
      )}
      {row && <p className="small">{row.reason}</p>}
      {figures ? (
        <>
          <p data-testid="gap-profile-sentence">{rowSentence(figures, settings, what)}</p>
          <ul className="gap-profile__bands">
            {bandSentences(figures, what).map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          {figures.e2sfca !== null && (
            <p className="small muted">
              Access score (E2SFCA) {figures.e2sfca.toLocaleString('en-GB', { maximumFractionDigits: 3 })}: each place's capacity shared among the people within
              1,600 m of it, weighted by distance, summed for the people here (per 1,000).
            </p>
          )}
          {provision.status === 'ready' && <FiguresFreshnessNote freshness={provision.data} />}
        </>
      ) : provision.status === 'error' ? (
        <PanelStatus kind="error">{provision.message}</PanelStatus>
      ) : (
        <PanelStatus kind="loading">Loading the figures…</PanelStatus>
      )}
    </section>
  );
}

/** The figures the sentences need, from GET /api/areas/:code/provision. */
function fromProvision(p: AreaProvision, category: string, population: number | null): GapFigures | null {
  const c = p.categories.find((x) => x.code === category);
  if (!c) return null;
  const band = (m: number) => c.bands?.find((b) => b.metres === m) ?? null;
  return {
    coverage: c.coverage,
    population,
    nearestMetres: c.nearestMetres,
    count400: band(400)?.count ?? null,
    count800: band(800)?.count ?? null,
    count1600: band(1600)?.count ?? null,
    per1000_400: band(400)?.per1000 ?? null,
    per1000_800: band(800)?.per1000 ?? null,
    per1000_1600: band(1600)?.per1000 ?? null,
    e2sfca: c.e2sfca,
    // The provision page does not measure the covered territory's edge; the ranked row does.
    edgeMetres: null,
  };
}
