import type { CustomAreaProfile } from '@common-ground/schema';
import { useState } from 'react';
import { errorMessage } from '../../api/api-client.js';
import { assetsExportUrl, gapsUrl, getCustomAreaProfile, shareCustomArea, unshareCustomArea } from '../../api/custom-areas-api.js';
import { decileWords, formatCount, formatDate } from '../../lib/format.js';
import { useResource } from '../../lib/use-resource.js';
import { useSession } from '../account/session.js';
import { AppLink } from '../panel/app-link.js';
import { FiguresFreshnessNote } from '../panel/figures-freshness-note.js';
import { FullPage } from '../panel/full-page.js';
import { PanelStatus } from '../panel/side-panel.js';
import { AreaMap, AssetsChart, DeprivationChart } from './charts.js';
import { EquityTable } from '../gaps/equity-panel.js';
import { cutLines, equityHeadline, nearestCell } from '../gaps/gaps-text.js';

export interface CustomAreaPageProps {
  id: string;
  /** The token from a shared link, if the page was opened by one. */
  share: string | null;
  onBack: () => void;
}

const load = (key: string, signal: AbortSignal) => {
  const [id, share] = key.split('|') as [string, string];
  return getCustomAreaProfile(id, share || null, signal);
};

/** A saved area's profile: population, deprivation mix, assets inside, gaps and notes; share and print. */
export function CustomAreaPage({ id, share, onBack }: CustomAreaPageProps) {
  const session = useSession();
  // Signed-in state changes what the API shows (own area, workers' notes): reload with it.
  const [reload, setReload] = useState(0);
  // What sharing last did, kept here: the profile reloads (and remounts) after each change,
  // which lost "Sharing stopped" before anyone could read it.
  const [shareMessage, setShareMessage] = useState<string | null>(null);
  const key = session.user === undefined ? null : `${id}|${share ?? ''}|${session.user?.id ?? ''}|${reload}`;
  const profile = useResource(key, load);
  const title = profile.status === 'ready' ? profile.data.area.name : 'Custom area';
  return (
    <FullPage testId="custom-area-page" kicker="Custom area" title={title} onBack={onBack} busy={profile.status === 'loading'}>
      {profile.status === 'loading' && <PanelStatus kind="loading">Loading the area…</PanelStatus>}
      {profile.status === 'error' && (
        <PanelStatus kind="error">
          {profile.message}
          {session.user === null && ' If this is your area, sign in to see it.'}
        </PanelStatus>
      )}
      {profile.status === 'ready' && (
        <Profile profile={profile.data} share={share} shareMessage={shareMessage} onShareMessage={setShareMessage} onChanged={() => setReload((n) => n + 1)} />
      )}
    </FullPage>
  );
}

function Profile({
  profile,
  share,
  shareMessage,
  onShareMessage,
  onChanged,
}: {
  profile: CustomAreaProfile;
  share: string | null;
  shareMessage: string | null;
  onShareMessage: (message: string | null) => void;
  onChanged: () => void;
}) {
  const { area } = profile;
  const session = useSession();
  const reportHref = `/areas/custom/${area.id}/report${share ? `?share=${encodeURIComponent(share)}` : ''}`;
  const deprived = profile.deprivation.filter((d) => d.decile !== null && d.decile <= 2).reduce((s, d) => s + d.population, 0);
  return (
    <div className="custom-area" data-testid="custom-area-profile">
      {area.description && <p>{area.description}</p>}
      <p className="muted small">
        {area.madeBy === 'drawn' ? 'Drawn on the map' : 'Picked LSOAs'} · {formatCount(area.lsoaCount)} LSOAs · {area.areaSqKm.toFixed(2)} km² · updated{' '}
        {formatDate(area.updatedAt)}
        {area.visibility === 'link' ? ' · shared by link' : ' · private'}
      </p>
      <div className="custom-area__actions">
        <AppLink href={reportHref} className="button" data-testid="report-link">
          Print report
        </AppLink>
        <a className="button button--quiet" href={gapsUrl(area.id, share, 'csv')} download>
          Download gaps (CSV)
        </a>
        <AppLink
          className="button button--quiet"
          href={`/gaps?area=${encodeURIComponent(`custom:${area.id}`)}${share ? `&share=${encodeURIComponent(share)}` : ''}`}
        >
          Gaps by category
        </AppLink>
        {area.mine && session.isWorker && (
          <ShareControls id={area.id} token={area.shareToken} message={shareMessage} setMessage={onShareMessage} onChanged={onChanged} />
        )}
      </div>

      <section aria-labelledby="ca-people">
        <h2 id="ca-people">People and deprivation</h2>
        <p>
          <strong>{formatCount(profile.population)}</strong> residents (Census 2021) in {formatCount(area.lsoaCount)} LSOAs;{' '}
          <strong>{formatCount(deprived)}</strong> live in the most deprived 20% of England (IMD 2025 deciles 1–2).
          {profile.lsoasWithoutPopulation > 0 && ` ${profile.lsoasWithoutPopulation} LSOAs have no population figure.`}
        </p>
        <DeprivationChart mix={profile.deprivation} />
      </section>

      <section aria-labelledby="ca-map">
        <h2 id="ca-map">Map</h2>
        <AreaMap outline={area.geometry} lsoas={profile.lsoas} />
      </section>

      <section aria-labelledby="ca-assets">
        <h2 id="ca-assets">Community assets inside</h2>
        <p>{formatCount(profile.assets.total)} public places and groups inside the area.</p>
        {profile.assets.total > 0 && <AssetsChart assets={profile.assets} />}
        {profile.assets.total > 0 && (
          <p className="custom-area__export small" data-testid="custom-area-export">
            Download them:{' '}
            <a href={assetsExportUrl(area.id, share, 'csv')} download>
              CSV
            </a>
            {' · '}
            <a href={assetsExportUrl(area.id, share, 'geojson')} download>
              GeoJSON
            </a>
            {' · '}
            <a href={assetsExportUrl(area.id, share, 'hsds')} download>
              Open Referral (HSDS) JSON
            </a>
            . Each row carries its licence and attribution (OpenStreetMap rows are ODbL, share-alike).
          </p>
        )}
      </section>

      <GapsSection profile={profile} />
      <NotesSection profile={profile} />
    </div>
  );
}

export function GapsSection({ profile }: { profile: CustomAreaProfile }) {
  const { gaps, equity } = profile;
  const label = gaps.category === '*' ? 'all assets' : gaps.category;
  const settings = { measure: equity.settings.measure, worstFraction: gaps.worstFraction };
  return (
    <section aria-labelledby="ca-gaps" data-testid="report-gaps">
      <h2 id="ca-gaps">Gaps: thin provision in deprived LSOAs ({label})</h2>
      <p>
        {gaps.flagged === 0
          ? `None of the ${gaps.total} LSOAs is flagged.`
          : `${gaps.flagged} of the ${gaps.total} LSOAs ${gaps.flagged === 1 ? 'is' : 'are'} flagged.`}{' '}
        Coverage here: {formatCount(gaps.coverageCounts.complete ?? 0)} complete, {formatCount(gaps.coverageCounts.partial ?? 0)} partial (known assets only,
        never flagged), {formatCount(gaps.coverageCounts.no_data ?? 0)} no data.
        {(gaps.coverageCounts.complete ?? 0) === 0
          ? ' None of these LSOAs has complete coverage of this category, so none can be flagged.'
          : gaps.noAssetAnywhere && ' No asset of this category lies where its coverage is complete, so nothing can be flagged.'}
      </p>
      <FiguresFreshnessNote freshness={profile} />
      {gaps.thresholds.length > 0 && !gaps.noAssetAnywhere && (
        <div className="small" data-testid="report-thresholds">
          <p>Thin means, by rural-urban class (England-wide cuts, the same in any area):</p>
          <ul>
            {cutLines({ thresholds: gaps.thresholds, settings }).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {gaps.rows.length > 0 && (
        <table className="data-table">
          <caption className="visually-hidden">Flagged LSOAs, highest priority first</caption>
          <thead>
            <tr>
              <th scope="col">LSOA</th>
              <th scope="col">Residents</th>
              <th scope="col">IMD decile</th>
              <th scope="col">Nearest</th>
              <th scope="col">Within 800 m</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {gaps.rows.map((r) => (
              <tr key={r.code}>
                <th scope="row">
                  {r.name} <span className="muted">{r.code}</span>
                </th>
                <td>{r.population === null ? '—' : formatCount(r.population)}</td>
                <td>{decileWords(r.decile)}</td>
                <td>{nearestCell(r)}</td>
                <td>{r.count800 ?? '—'}</td>
                <td className="small">{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Who is better served?</h3>
      <p data-testid="report-equity-sentence">{equityHeadline(equity)}</p>
      {equity.lsoas > 0 && <EquityTable equity={equity} />}
      <details className="small">
        <summary>How LSOAs are flagged, and how the gradient is worked out</summary>
        <p>{gaps.method}</p>
        <p>{equity.method}</p>
      </details>
    </section>
  );
}

export function NotesSection({ profile }: { profile: CustomAreaProfile }) {
  return (
    <section aria-labelledby="ca-notes">
      <h2 id="ca-notes">Notes on its neighbourhoods</h2>
      {profile.annotations.length === 0 ? (
        <p className="muted">No notes yet.</p>
      ) : (
        <ul className="card-list">
          {profile.annotations.map((n) => (
            <li key={n.id} className="card">
              <p>{n.body}</p>
              <p className="small muted">
                {n.target.type === 'area' ? n.target.areaCode : ''} · {n.author?.displayName ?? 'someone'} · {formatDate(n.createdAt)}
                {n.visibility === 'workers' ? ' · workers only' : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Workers share their area by link (copied to the clipboard) or stop sharing it. */
function ShareControls({
  id,
  token,
  message,
  setMessage,
  onChanged,
}: {
  id: string;
  token: string | null;
  message: string | null;
  setMessage: (message: string | null) => void;
  onChanged: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const link = token ? new URL(`/areas/custom/${id}?share=${token}`, window.location.origin).href : null;

  async function share() {
    setBusy(true);
    setMessage(null);
    try {
      const result = await shareCustomArea(id);
      const url = new URL(result.path, window.location.origin).href;
      try {
        await navigator.clipboard.writeText(url);
        setMessage('Link copied. Anyone with it can read this area until you stop sharing.');
      } catch {
        setMessage(`Copy this link: ${url}`);
      }
      onChanged();
    } catch (error) {
      setMessage(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  async function unshare() {
    setBusy(true);
    try {
      await unshareCustomArea(id);
      setMessage('Sharing stopped: the old link no longer works.');
      onChanged();
    } catch (error) {
      setMessage(errorMessage(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="custom-area__share">
      <button type="button" className="button button--quiet" onClick={() => void share()} disabled={busy}>
        {token ? 'Copy share link' : 'Share by link'}
      </button>
      {token && (
        <button type="button" className="button button--quiet" onClick={() => void unshare()} disabled={busy}>
          Stop sharing
        </button>
      )}
      {link && (
        <label className="small">
          Share link <input readOnly value={link} onFocus={(e) => e.currentTarget.select()} data-testid="share-link" />
        </label>
      )}
      {message && (
        <p className="small" role="status">
          {message}
        </p>
      )}
    </div>
  );
}
