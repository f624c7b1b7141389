import { CUSTOM_AREA_LIMITS, type AreaShape, type ClientConfig, type Suggestion } from '@common-ground/schema';
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { api, errorMessage, isAbort } from '../../api/api-client.js';
import { createCustomArea } from '../../api/custom-areas-api.js';
import { navigate } from '../../lib/use-location.js';
import { useSession } from '../account/session.js';
import { FullPage } from '../panel/full-page.js';
import { BuilderMap, type BuilderMode } from './builder-map.js';
import { cornerCount, outlineProblem } from './outline-check.js';

type LsoaSuggestion = Extract<Suggestion, { kind: 'place' }>;

export interface AreaBuilderPageProps {
  config: ClientConfig | null;
  onBack: () => void;
}

/**
 * Make a custom area: pick LSOAs on the map (or find them by name or code, for keyboard
 * users), or draw an outline; name it and save it. Signed-in people only.
 */
export function AreaBuilderPage({ config, onBack }: AreaBuilderPageProps) {
  const session = useSession();
  const [mode, setMode] = useState<BuilderMode>('pick');
  const [picked, setPicked] = useState<{ code: string; name: string }[]>([]);
  const [shape, setShape] = useState<AreaShape | null>(null);
  const [clearDrawing, setClearDrawing] = useState(0);
  const [focus, setFocus] = useState<[number, number, number, number] | null>(null);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const nameId = useId();
  const descriptionId = useId();

  useEffect(() => {
    if (session.user === null) session.requireSignIn();
  }, [session]);

  function toggle(code: string, label: string) {
    setPicked((current) => (current.some((p) => p.code === code) ? current.filter((p) => p.code !== code) : [...current, { code, name: label }]));
  }

  const shapeProblem = useMemo(() => (shape ? outlineProblem(shape) : null), [shape]);

  async function save(event: FormEvent) {
    event.preventDefault();
    setError(null);
    if (!name.trim()) return setError('Give the area a name.');
    if (mode === 'pick' && picked.length === 0) return setError('Pick at least one LSOA: click it on the map or find it by name.');
    if (mode === 'draw' && !shape) return setError('Draw the outline first: click each corner, then click the first corner again.');
    if (mode === 'draw' && shapeProblem) return setError(shapeProblem);
    setSaving(true);
    try {
      const outline = mode === 'draw' && shape ? { geometry: shape } : { lsoaCodes: picked.map((p) => p.code) };
      const area = await createCustomArea({ name: name.trim(), description: description.trim() || null, ...outline });
      navigate(`/areas/custom/${area.id}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <FullPage testId="area-builder" kicker="My areas" title="New area" onBack={onBack}>
      {session.user === null ? (
        <p>Sign in to save an area.</p>
      ) : (
        <form className="area-builder" onSubmit={(e) => void save(e)} noValidate>
          <fieldset className="area-builder__modes">
            <legend>How to mark the area</legend>
            <label>
              <input type="radio" name="mode" value="pick" checked={mode === 'pick'} onChange={() => setMode('pick')} /> Pick LSOAs (click them on the map, or
              find them below)
            </label>
            <label>
              <input type="radio" name="mode" value="draw" checked={mode === 'draw'} onChange={() => setMode('draw')} /> Draw an outline (click each corner;
              click the first corner again to finish)
            </label>
          </fieldset>

          <BuilderMap
            config={config}
            mode={mode}
            picked={picked.map((p) => p.code)}
            onToggle={toggle}
            onDrawn={setShape}
            clearDrawing={clearDrawing}
            focus={focus}
          />

          {mode === 'draw' && shapeProblem && (
            <p className="inline-error" role="alert">
              {shapeProblem}
            </p>
          )}
          {mode === 'draw' && (
            <p className="small" role="status">
              {shape ? `Outline drawn (${cornerCount(shape)} corners). Its LSOAs are those where most residents live inside it.` : 'No outline yet.'}{' '}
              {shape && (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setShape(null);
                    setClearDrawing((n) => n + 1);
                  }}
                >
                  Clear the outline
                </button>
              )}
            </p>
          )}

          {mode === 'pick' && (
            <>
              <LsoaFinder
                onAdd={(s) => {
                  if (!picked.some((p) => p.code === s.value)) setPicked((c) => [...c, { code: s.value, name: s.label }]);
                  const [lon, lat] = s.location.coordinates;
                  setFocus([lon - 0.01, lat - 0.007, lon + 0.01, lat + 0.007]);
                }}
              />
              <h2 className="h3">Picked LSOAs ({picked.length})</h2>
              {picked.length === 0 ? (
                <p className="muted small">None yet.</p>
              ) : (
                <ul className="picked-list" data-testid="picked-list">
                  {picked.map((p) => (
                    <li key={p.code}>
                      {p.name} <span className="muted">{p.code}</span>{' '}
                      <button type="button" className="link-button" onClick={() => toggle(p.code, p.name)} aria-label={`Remove ${p.name}`}>
                        Remove
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}

          <div className="form-field">
            <label htmlFor={nameId}>Name</label>
            <input id={nameId} value={name} maxLength={CUSTOM_AREA_LIMITS.nameMax} onChange={(e) => setName(e.target.value)} required />
          </div>
          <div className="form-field">
            <label htmlFor={descriptionId}>Description (optional)</label>
            <textarea
              id={descriptionId}
              value={description}
              maxLength={CUSTOM_AREA_LIMITS.descriptionMax}
              rows={2}
              onChange={(e) => setDescription(e.target.value)}
            />
          </div>
          <p className="small muted">Only you can see a saved area. Community workers can share theirs by link.</p>
          {error && (
            <p className="inline-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button" disabled={saving}>
            {saving ? 'Saving…' : 'Save area'}
          </button>
        </form>
      )}
    </FullPage>
  );
}

/** Find an LSOA by its name ("Sheffield 001A") or code and add it: picking without a mouse. */
function LsoaFinder({ onAdd }: { onAdd: (s: LsoaSuggestion) => void }) {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<LsoaSuggestion[]>([]);
  const [status, setStatus] = useState('');
  const inputId = useId();

  useEffect(() => {
    const text = q.trim();
    if (text.length < 2) {
      setFound([]);
      return;
    }
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api.suggest(text, { limit: 10, signal: controller.signal }).then(
        (suggestions) => {
          const lsoas = suggestions.filter((s): s is LsoaSuggestion => s.kind === 'place' && s.placeKind === 'lsoa');
          setFound(lsoas);
          setStatus(lsoas.length === 0 ? 'No LSOA matches.' : `${lsoas.length} LSOAs match.`);
        },
        (e: unknown) => {
          if (!isAbort(e)) setStatus(errorMessage(e));
        },
      );
    }, 200);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [q]);

  return (
    <div className="lsoa-finder">
      <label htmlFor={inputId}>Find an LSOA by name or code</label>
      <input id={inputId} value={q} onChange={(e) => setQ(e.target.value)} placeholder="e.g. Gloucester 012A or E01022345" autoComplete="off" />
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {found.length > 0 && (
        <ul className="lsoa-finder__results">
          {found.map((s) => (
            <li key={s.value}>
              <button type="button" className="link-button" onClick={() => onAdd(s)}>
                Add {s.label}
              </button>{' '}
              <span className="muted small">
                {s.value}
                {s.detail ? `, ${s.detail}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
