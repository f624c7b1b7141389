import { CONTRIBUTION_SOURCE, type CustomAreaProfile, type DataSource } from '@common-ground/schema';
import { creditedSources } from './report-text.js';
import { useEffect } from 'react';
import { loadSources } from '../../api/shared-requests.js';
import { getCustomAreaProfile } from '../../api/custom-areas-api.js';
import { formatCount, formatDate, licenceName } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../account/session.js';
import { AppLink } from '../panel/app-link.js';
import { AreaMap, AssetsChart, DeprivationChart } from './charts.js';
import { GapsSection, NotesSection } from './custom-area-page.js';

export interface AreaReportPageProps {
  id: string;
  share: string | null;
  /** The category the gaps and the equity gradient are for (`?category=`; all assets when absent). */
  category?: string | null;
}

interface Report {
  profile: CustomAreaProfile;
  sources: DataSource[];
  /** When the figures were read: the report's date. */
  generatedAt: Date;
}

const load = async (key: string, signal: AbortSignal): Promise<Report> => {
  const [id, share, category] = key.split('|') as [string, string, string];
  const [profile, sources] = await Promise.all([getCustomAreaProfile(id, share || null, signal, category || null), loadSources()]);
  return { profile, sources, generatedAt: new Date() };
};

/**
 * The printable report of a custom area: one A4 document with no app chrome (print CSS in
 * app.css, `.area-report`), its charts and map as inline SVG, its sources and the date.
 */
export function AreaReportPage({ id, share, category = null }: AreaReportPageProps) {
  const session = useSession();
  const key = session.user === undefined ? null : `${id}|${share ?? ''}|${category ?? ''}|${session.user?.id ?? ''}`;
  const report = useResource(key, load);
  const back = `/areas/custom/${id}${share ? `?share=${encodeURIComponent(share)}` : ''}`;
  useEffect(() => {
    if (report.status === 'ready') document.title = `${report.data.profile.area.name}: area report · Common Ground`;
  }, [report]);
  return (
    <main className="area-report" data-testid="area-report" aria-busy={report.status === 'loading'}>
      <nav className="area-report__tools" aria-label="Report">
        <AppLink href={back} className="button button--quiet">
          ← Back to the area
        </AppLink>
        <button type="button" className="button" onClick={() => window.print()} disabled={report.status !== 'ready'}>
          Print or save as PDF
        </button>
      </nav>
      {report.status === 'loading' && <p role="status">Preparing the report…</p>}
      {report.status === 'error' && (
        <p className="inline-error" role="alert">
          The report could not be made: {report.message}
        </p>
      )}
      {report.status === 'ready' && <ReportBody report={report.data} />}
    </main>
  );
}

function ReportBody({ report }: { report: Report }) {
  const { profile, sources } = report;
  const { area } = profile;
  const deprived = profile.deprivation.filter((d) => d.decile !== null && d.decile <= 2).reduce((s, d) => s + d.population, 0);
  return (
    <article className="area-report__page">
      <header className="area-report__header">
        <p className="area-report__kicker">Common Ground · area report</p>
        <h1>{area.name}</h1>
        {area.description && <p>{area.description}</p>}
        <p className="small">
          Generated {report.generatedAt.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short' })} ·{' '}
          {area.madeBy === 'drawn' ? 'drawn on the map' : 'picked LSOAs'} · {area.areaSqKm.toFixed(2)} km² · version {area.version}
        </p>
      </header>

      <section className="area-report__summary" aria-label="Summary">
        <dl>
          <div>
            <dt>Residents</dt>
            <dd>{formatCount(profile.population)}</dd>
          </div>
          <div>
            <dt>Neighbourhoods (LSOAs)</dt>
            <dd>{formatCount(area.lsoaCount)}</dd>
          </div>
          <div>
            <dt>In England's most deprived 20%</dt>
            <dd>
              {formatCount(deprived)} ({profile.population > 0 ? Math.round((100 * deprived) / profile.population) : 0}%)
            </dd>
          </div>
          <div>
            <dt>Public assets inside</dt>
            <dd>{formatCount(profile.assets.total)}</dd>
          </div>
          <div>
            <dt>LSOAs flagged for gaps</dt>
            <dd>
              {profile.gaps.flagged} of {profile.gaps.total}
            </dd>
          </div>
        </dl>
      </section>

      <section className="area-report__section">
        <h2>Map</h2>
        <AreaMap outline={area.geometry} lsoas={profile.lsoas} points={profile.assets.points} width={640} height={380} />
        <p className="small">
          Outline in black; LSOAs shaded by IMD 2025 decile (darker = more deprived); community assets as dots in their category&apos;s colour
          {profile.assets.points.length < profile.assets.total
            ? ` (${formatCount(profile.assets.points.length)} of the ${formatCount(profile.assets.total)}, spread evenly)`
            : ''}
          . A drawn area holds the LSOAs where most of their residents live inside it (its residence point, the ONS population-weighted centroid, lies inside
          it).
        </p>
      </section>

      <section className="area-report__section">
        <h2>Deprivation mix</h2>
        <DeprivationChart mix={profile.deprivation} />
      </section>

      <section className="area-report__section">
        <h2>Community assets by category</h2>
        {profile.assets.total > 0 ? <AssetsChart assets={profile.assets} /> : <p>No public assets recorded inside the area.</p>}
      </section>

      <GapsSection profile={profile} />

      <section className="area-report__section">
        <h2>LSOAs in the area</h2>
        <p className="small">{profile.lsoas.map((l) => `${l.name} (${l.code})`).join('; ')}</p>
      </section>

      <NotesSection profile={profile} />

      <section className="area-report__section area-report__sources">
        <h2>Sources and attribution</h2>
        <ul className="small">
          {creditedSources(sources, profile.assetSources).map((s) => (
            <li key={s.code}>
              <strong>{s.name}</strong>, {s.publisher}, {formatDate(s.sourceDate)}. {licenceName(s.licence)}. {s.attribution}
            </li>
          ))}
          {profile.assetSources.some((s) => s.code === CONTRIBUTION_SOURCE) && (
            <li>
              <strong>Places added by people using Common Ground</strong>, checked by community workers.
            </li>
          )}
        </ul>
        <p className="small">
          Contains public sector information licensed under the Open Government Licence v3.0. Contains OS data © Crown copyright and database right. Asset data
          © OpenStreetMap contributors (ODbL) where so marked.
        </p>
      </section>
    </article>
  );
}
