import type { EquityResult, GapMeasure } from '@common-ground/schema';
import { errorMessage, isAbort } from '../../api/api-client.js';
import { getEquity } from '../../api/gaps-api.js';
import { formatCount } from '../../lib/format.js';
import { retryWhenBusy } from '../../lib/retry-when-busy.js';
import { useResource } from '../../lib/use-resource.js';
import { equityHeadline, equityValueText, measureName, shareText } from './gaps-text.js';

type Loaded = { kind: 'ok'; data: EquityResult } | { kind: 'failed'; message: string };

const loadEquity = async (path: string, signal: AbortSignal): Promise<Loaded> => {
  try {
    return { kind: 'ok', data: await retryWhenBusy(() => getEquity(path, signal), signal) };
  } catch (error) {
    if (isAbort(error)) throw error;
    return { kind: 'failed', message: errorMessage(error) };
  }
};

/**
 * The equity gradient before the list: per decile of deprivation, the median (and IQR) of
 * the access measure and the share of residents beyond 800 m and 1,600 m, with the
 * concentration index in words. The table is the content; the bars beside the medians are
 * decoration (aria-hidden), so a screen reader reads the same figures once.
 */
export function EquityPanel({ path, csvHref, what }: { path: string; csvHref: string; what: string }) {
  const resource = useResource(path, loadEquity);
  if (resource.status === 'loading')
    return (
      <p role="status" className="equity-panel">
        Working out access by deprivation decile…
      </p>
    );
  if (resource.status === 'error' || (resource.status === 'ready' && resource.data.kind === 'failed')) {
    const message = resource.status === 'error' ? resource.message : resource.data.kind === 'failed' ? resource.data.message : '';
    return <p className="inline-error equity-panel">The equity gradient could not be loaded: {message}</p>;
  }
  const e = resource.data.kind === 'ok' ? resource.data.data : null;
  if (!e) return null;
  return (
    <section className="equity-panel" aria-labelledby="equity-heading" data-testid="equity-panel">
      <h2 id="equity-heading" className="gaps-list__heading">
        Who is better served? {what}, {e.settings.area.name}, by {e.settings.domainLabel} decile
      </h2>
      <p data-testid="equity-sentence">
        <strong>{equityHeadline(e)}</strong>
      </p>
      <EquityTable equity={e} />
      <p className="small">
        <a href={csvHref} download>
          Download the gradient as CSV
        </a>{' '}
        <span className="muted">· concentration index {e.concentrationIndex === null ? 'not computable' : e.concentrationIndex.toFixed(3)}</span>
      </p>
      <details className="gaps-method small">
        <summary>How the gradient is worked out</summary>
        <p>{e.method}</p>
      </details>
    </section>
  );
}

/** The gradient's table (the panel's and the printed report's): per decile, medians with IQR and decorative bars, shares beyond. */
export function EquityTable({ equity: e }: { equity: EquityResult }) {
  const measure: GapMeasure = e.settings.measure;
  const top = Math.max(1, ...e.deciles.map((d) => d.median ?? 0));
  return (
    // Focusable, so a keyboard can scroll it when it is wider than the screen.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={`Access by ${e.settings.domainLabel} decile`}>
      <table className="data-table equity-table">
        <caption className="gaps-table__caption">
          Access by decile (1 = most deprived): {measureName(measure)} — median and interquartile range over LSOAs with complete coverage (
          {formatCount(e.lsoas)} LSOAs); share of residents whose nearest is beyond 800 m and 1,600 m.
        </caption>
        <thead>
          <tr>
            <th scope="col">Decile</th>
            <th scope="col" className="num">
              LSOAs
            </th>
            <th scope="col" className="num">
              Residents
            </th>
            <th scope="col" className="num">
              Median
            </th>
            <th scope="col" className="num">
              IQR
            </th>
            <th scope="col" aria-hidden="true" />
            <th scope="col" className="num">
              Beyond 800 m
            </th>
            <th scope="col" className="num">
              Beyond 1,600 m
            </th>
          </tr>
        </thead>
        <tbody>
          {e.deciles.map((d) => (
            <tr key={d.decile}>
              <th scope="row">{d.decile}</th>
              <td className="num">{formatCount(d.lsoas)}</td>
              <td className="num">{formatCount(d.residents)}</td>
              <td className="num">{equityValueText(measure, d.median)}</td>
              <td className="num">{d.q1 === null ? '–' : `${equityValueText(measure, d.q1)}–${equityValueText(measure, d.q3)}`}</td>
              <td aria-hidden="true" className="equity-bar-cell">
                <span className="equity-bar" style={{ width: `${Math.round(((d.median ?? 0) / top) * 100)}%` }} />
              </td>
              <td className="num">{shareText(d.beyond800)}</td>
              <td className="num">{shareText(d.beyond1600)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
