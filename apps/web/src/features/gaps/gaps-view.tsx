import { ALL_CATEGORIES, type Category, type GapsLayer, type ClientConfig, type GapSort } from '@common-ground/schema';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, errorMessage, isAbort } from '../../api/api-client.js';
import { getGapsLayer, getGapsList } from '../../api/gaps-api.js';
import { needDomainChoices } from '../../api/need-measures-api.js';
import { useNeedMeasures } from '../needs/use-need-measures.js';
import { useLocation } from '../../lib/use-location.js';
import { retryWhenBusy } from '../../lib/retry-when-busy.js';
import { useResource } from '../../lib/use-resource.js';
import { AreaPanel } from '../areas/area-panel.js';
import { AppLink } from '../panel/app-link.js';
import { FiguresFreshnessNote } from '../panel/figures-freshness-note.js';
import { GapProfile } from './gap-profile.js';
import { GapsLegend } from './gaps-legend.js';
import { GapsMap } from './gaps-map.js';
import {
  csvPath,
  equityPath,
  FRACTION_OPTIONS,
  gapsHref,
  layerPath,
  listPath,
  MEASURE_OPTIONS,
  parseGapsState,
  toggleSort,
  type GapsViewState,
} from './gaps-state.js';
import { EquityPanel } from './equity-panel.js';
import { GapsTable } from './gaps-table.js';
import { categoryWords, cutLines, noDataText, summaryText, tieText } from './gaps-text.js';

const FALLBACK_CONFIG: ClientConfig = { basemapStyleUrl: null, attributions: [] };

/** An answer, or why there is none: a bad area (400), or another failure. */
type Outcome<T> = { kind: 'ok'; data: T } | { kind: 'bad_area'; message: string } | { kind: 'failed'; message: string };

async function outcomeOf<T>(load: Promise<T>): Promise<Outcome<T>> {
  try {
    return { kind: 'ok', data: await load };
  } catch (error) {
    if (error instanceof ApiError && error.issues.some((i) => i.path === 'querystring.area')) {
      return { kind: 'bad_area', message: error.issues.find((i) => i.path === 'querystring.area')!.message };
    }
    if (isAbort(error)) throw error;
    return { kind: 'failed', message: errorMessage(error) };
  }
}

// New answers are computed a few at a time: a busy server asks us to come back shortly.
const loadList = (path: string, signal: AbortSignal) => outcomeOf(retryWhenBusy(() => getGapsList(path, signal), signal));
const loadLayer = (path: string, signal: AbortSignal) => outcomeOf(retryWhenBusy(() => getGapsLayer(path, signal), signal));

/**
 * /gaps: where provision of a category is thin in deprived neighbourhoods. Pick a category,
 * a deprivation measure and an area (the rule's thresholds under "Adjust"); the bivariate
 * map and its 3 × 3 key, and beside it the ranked table (its text alternative), sortable
 * and paged; a row or an LSOA on the map opens its profile with its figures in words.
 * Everything is in the address, so a view can be shared.
 */
export function GapsView() {
  const [location, navigate] = useLocation();
  const state = useMemo(() => parseGapsState(location.search), [location.search]);
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [categories, setCategories] = useState<Category[]>([]);
  const ids = { category: useId(), domain: useId(), area: useId(), measure: useId(), deciles: useId(), fraction: useId(), within: useId(), areaError: useId() };

  useEffect(() => {
    document.title = 'Gaps: thin provision in deprived neighbourhoods · Common Ground';
    const controller = new AbortController();
    api.getConfig(controller.signal).then(setConfig, (e: unknown) => !isAbort(e) && setConfig(FALLBACK_CONFIG));
    api.getCategories(controller.signal).then(setCategories, () => undefined);
    return () => controller.abort();
  }, []);

  const list = useResource(listPath(state), loadList);
  const layerResource = useResource(layerPath(state), loadLayer);
  // The map keeps the last classes while new ones load, rather than going blank.
  const lastLayer = useRef<GapsLayer | null>(null);
  if (layerResource.status === 'ready' && layerResource.data.kind === 'ok') lastLayer.current = layerResource.data.data;
  const layer = layerResource.status === 'ready' && layerResource.data.kind !== 'ok' ? null : lastLayer.current;

  const go = (next: GapsViewState) => navigate(gapsHref(next));
  const change = (patch: Partial<GapsViewState>) => go({ ...state, ...patch, page: 0 });

  const categoryName = state.category === ALL_CATEGORIES ? 'Community assets' : (categories.find((c) => c.code === state.category)?.name ?? state.category);
  const what = categoryWords(state.category, categoryName);
  // IoD domains and the need measures this person may use (workers see workers-only ones).
  const needMeasures = useNeedMeasures();
  const domainOptions = useMemo(() => {
    const choices = needDomainChoices(needMeasures.status === 'ready' ? needMeasures.data : []);
    // A shared link may name a measure before the list has loaded (or one this person cannot see: the API says so).
    return choices.some((c) => c.value === state.domain) ? choices : [...choices, { value: state.domain, label: state.domain }];
  }, [needMeasures, state.domain]);
  const domainLabel = domainOptions.find((o) => o.value === state.domain)?.label ?? state.domain;

  const failure = [list, layerResource].map((r) => (r.status === 'ready' && r.data.kind !== 'ok' ? r.data : null)).find(Boolean) ?? null;
  const result = list.status === 'ready' && list.data.kind === 'ok' ? list.data.data : null;

  // A custom area is addressed by its id ("custom:cb85e5dc-…"): the box shows its name once
  // the answer gives it (issue 17), and sending that name back keeps the id.
  const customName = state.area.startsWith('custom:') && result?.settings.area.code === state.area ? result.settings.area.name : null;
  const [areaText, setAreaText] = useState(state.area);
  useEffect(() => setAreaText(customName ?? state.area), [state.area, customName]);
  function submitArea(event: FormEvent) {
    event.preventDefault();
    const text = areaText.trim();
    change({ area: customName !== null && text === customName ? state.area : text, lsoa: null });
  }

  const selectedRow = result?.rows.find((r) => r.code === state.lsoa);
  const noData = result?.rows.filter((r) => r.coverage === 'no_data').length ?? 0;
  const layerNoData = layer ? Object.values(layer.classes).filter(([, prov]) => prov === 0).length : 0;

  const parents = categories.filter((c) => c.parentCode === null).sort((a, b) => a.sortOrder - b.sortOrder);
  const childrenOf = (code: string) => categories.filter((c) => c.parentCode === code).sort((a, b) => a.sortOrder - b.sortOrder);

  return (
    <div className="gaps-page">
      <header className="gaps-header">
        <div className="gaps-header__title">
          <AppLink href="/" className="small">
            ← Back to the map
          </AppLink>
          <h1>Gaps: thin provision in deprived neighbourhoods</h1>
        </div>
        <form className="gaps-controls" onSubmit={submitArea} aria-label="What to look at">
          <div className="gaps-field">
            <label htmlFor={ids.category} className="field-label">
              Category
            </label>
            <select id={ids.category} className="select" value={state.category} onChange={(e) => change({ category: e.target.value, lsoa: null })}>
              <option value={ALL_CATEGORIES}>All community assets</option>
              {parents.map((p) => (
                <optgroup key={p.code} label={p.name}>
                  <option value={p.code}>{p.name} (all)</option>
                  {childrenOf(p.code).map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </optgroup>
              ))}
              {categories.length === 0 && state.category !== ALL_CATEGORIES && <option value={state.category}>{state.category}</option>}
            </select>
          </div>
          <div className="gaps-field">
            <label htmlFor={ids.domain} className="field-label">
              Deprivation measure
            </label>
            <select id={ids.domain} className="select" value={state.domain} onChange={(e) => change({ domain: e.target.value })}>
              {domainOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className="gaps-field gaps-field--area">
            <label htmlFor={ids.area} className="field-label">
              Area <span className="muted small">(empty: all of England)</span>
            </label>
            <div className="gaps-area-input">
              <input
                id={ids.area}
                className="input"
                value={areaText}
                placeholder="A local authority or ward, e.g. Sheffield"
                aria-invalid={failure?.kind === 'bad_area' ? true : undefined}
                aria-describedby={failure?.kind === 'bad_area' ? ids.areaError : undefined}
                onChange={(e) => setAreaText(e.target.value)}
              />
              <button type="submit" className="button">
                Show
              </button>
            </div>
            {failure?.kind === 'bad_area' && (
              <p id={ids.areaError} className="inline-error small" role="alert">
                {failure.message}
              </p>
            )}
          </div>
          <details className="gaps-adjust">
            <summary>Adjust the rule</summary>
            <div className="gaps-adjust__body">
              <div className="gaps-field">
                <label htmlFor={ids.measure} className="field-label">
                  Rank provision by
                </label>
                <select
                  id={ids.measure}
                  className="select"
                  value={state.measure}
                  onChange={(e) => change({ measure: MEASURE_OPTIONS.find((o) => o.value === e.target.value)!.value })}
                >
                  {MEASURE_OPTIONS.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
              <div className="gaps-field">
                <label htmlFor={ids.deciles} className="field-label">
                  Deprived means deciles
                </label>
                <select id={ids.deciles} className="select" value={state.deprivedDeciles} onChange={(e) => change({ deprivedDeciles: Number(e.target.value) })}>
                  {[1, 2, 3, 4, 5].map((d) => (
                    <option key={d} value={d}>
                      {d === 1 ? '1 (most deprived 10%)' : `1–${d} (most deprived ${d * 10}%)`}
                    </option>
                  ))}
                </select>
              </div>
              <div className="gaps-field">
                <label htmlFor={ids.fraction} className="field-label">
                  Thin means the worst
                </label>
                <select
                  id={ids.fraction}
                  className="select"
                  value={String(state.worstFraction)}
                  onChange={(e) => change({ worstFraction: Number(e.target.value) })}
                >
                  {(FRACTION_OPTIONS.includes(state.worstFraction) ? FRACTION_OPTIONS : [...FRACTION_OPTIONS, state.worstFraction]).map((f) => (
                    <option key={f} value={String(f)}>
                      {Math.round(f * 100)}% of its class in England
                    </option>
                  ))}
                </select>
              </div>
              <div className="gaps-field">
                <label htmlFor={ids.within} className="field-label">
                  …or none within (metres; empty: off)
                </label>
                <input
                  id={ids.within}
                  className="input"
                  type="number"
                  min={50}
                  max={10000}
                  step={50}
                  defaultValue={state.noneWithin ?? ''}
                  key={state.noneWithin ?? 'off'}
                  onBlur={(e) => {
                    if (e.target.value.trim() === '') {
                      if (state.noneWithin !== null) change({ noneWithin: null });
                      return;
                    }
                    const n = Number(e.target.value);
                    if (Number.isInteger(n) && n >= 50 && n <= 10000 && n !== state.noneWithin) change({ noneWithin: n });
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') e.currentTarget.blur();
                  }}
                />
              </div>
            </div>
          </details>
        </form>
      </header>

      <div className={`gaps-body${state.lsoa ? ' gaps-body--with-profile' : ''}`}>
        <section className="gaps-map-column" aria-label="Gap map">
          {config ? (
            <GapsMap
              config={config}
              layer={layer}
              selected={state.lsoa}
              onSelect={(code) => go({ ...state, lsoa: code })}
              label={`Map of ${layer?.settings.area.name ?? 'the area'}: LSOAs coloured by deprivation and provision of ${what}. The table lists the same LSOAs in words.`}
            />
          ) : (
            <div className="gaps-map map--loading" role="status">
              Loading the map…
            </div>
          )}
          {layer && <GapsLegend layer={layer} domainLabel={domainLabel} />}
          {layerResource.status === 'loading' && (
            <p className="gaps-map__busy" role="status">
              Loading the map’s figures…
            </p>
          )}
        </section>

        {state.lsoa && (
          <div className="gaps-profile-column">
            <AreaPanel
              code={state.lsoa}
              categories={categories}
              onClose={() => go({ ...state, lsoa: null })}
              onZoomTo={() => undefined}
              extra={
                layer && (
                  <GapProfile
                    code={state.lsoa}
                    category={state.category}
                    settings={layer.settings}
                    entry={layer.classes[state.lsoa]}
                    row={selectedRow}
                    what={what}
                    domainLabel={domainLabel}
                  />
                )
              }
            />
          </div>
        )}

        <section className="gaps-list-column" aria-labelledby="gaps-list-heading">
          <EquityPanel path={equityPath(state)} csvHref={equityPath(state, 'csv')} what={categoryName} />
          <h2 id="gaps-list-heading" className="gaps-list__heading">
            Priority list{result ? `: ${categoryName}, ${result.settings.area.name}` : ''}
          </h2>
          {failure?.kind === 'failed' && (
            <p className="inline-error" role="alert">
              The gaps could not be loaded: {failure.message}
            </p>
          )}
          {list.status === 'loading' && <p role="status">Ranking the LSOAs…</p>}
          {result && (
            <>
              <p data-testid="gaps-summary">{summaryText(result, domainLabel, what)}</p>
              <FiguresFreshnessNote freshness={result} />
              <p className="small">{tieText(result)}</p>
              {result.thresholds.length > 0 && !result.noAssetAnywhere && (
                <div className="small" data-testid="gaps-thresholds">
                  <p className="gaps-thresholds__lead">Thin means, by rural-urban class (the same cuts in any area):</p>
                  <ul>
                    {cutLines(result).map((line) => (
                      <li key={line}>{line}</li>
                    ))}
                  </ul>
                </div>
              )}
              {result.capacity.weighted && result.capacity.unit && result.settings.measure === 'e2sfca' && (
                <p className="small muted">
                  Access scores weigh each asset by its capacity ({result.capacity.unit}); {result.capacity.unknown} of {result.capacity.assets} had none known
                  and count as 1.
                </p>
              )}
              {(layer ? layerNoData : noData) > 0 && <p className="small muted">{noDataText(layer ? layerNoData : noData, what)}</p>}
              <p className="small">
                <a href={csvPath(state)} download>
                  Download every row as CSV
                </a>{' '}
                <span className="muted">(the same query, in the table’s order)</span>
              </p>
              <GapsTable
                result={result}
                state={state}
                what={what}
                domainLabel={domainLabel}
                onSort={(column: GapSort) => go({ ...toggleSort(state, column) })}
                onPage={(page) => go({ ...state, page })}
                onSelect={(code) => go({ ...state, lsoa: code })}
              />
              <details className="gaps-method small">
                <summary>How the rule works</summary>
                <p>{result.method}</p>
              </details>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
