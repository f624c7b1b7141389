import { useId, useState } from 'react';
import { DAY_NAMES, DAYS, modelToOpeningHours, openingHoursToModel, rowProblem, type Day, type HoursRow } from './opening-hours-rows.js';

export interface OpeningHoursFieldProps {
  /** The OSM `opening_hours` value. */
  value: string;
  /** The new value, and a problem in words while the rows cannot be written yet. */
  onChange: (value: string, problem: string | null) => void;
  error?: string | undefined;
}

type Mode = 'rows' | 'always' | 'text';

const NEW_ROW: HoursRow = { from: 'Mo', to: 'Fr', opens: '09:00', closes: '17:00' };

/**
 * Opening hours as rows of days and times (or "open 24/7"), written as OpenStreetMap
 * `opening_hours`. A value too rich for rows opens as plain text, so nothing is lost.
 */
export function OpeningHoursField({ value, onChange, error }: OpeningHoursFieldProps) {
  const id = useId();
  const [mode, setMode] = useState<Mode>(() => {
    const model = openingHoursToModel(value);
    return model === null ? 'text' : model.kind === 'always' ? 'always' : 'rows';
  });
  const [rows, setRows] = useState<HoursRow[]>(() => {
    const model = openingHoursToModel(value);
    return model?.kind === 'rows' ? model.rows : [];
  });

  function emitRows(next: HoursRow[]) {
    setRows(next);
    const problems = next.map(rowProblem);
    const index = problems.findIndex((p) => p !== null);
    if (index >= 0) onChange('', `Opening times ${index + 1}: ${problems[index]}`);
    else onChange(modelToOpeningHours({ kind: 'rows', rows: next }) ?? '', null);
  }

  function update(index: number, patch: Partial<HoursRow>) {
    emitRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  }

  function switchTo(next: Mode) {
    setMode(next);
    if (next === 'always') onChange('24/7', null);
    if (next === 'rows') {
      const model = openingHoursToModel(value);
      emitRows(model?.kind === 'rows' ? model.rows : rows);
    }
    if (next === 'text') onChange(value, null);
  }

  const errorId = `${id}-error`;
  return (
    <fieldset className="hours-editor" aria-describedby={error ? errorId : undefined}>
      <legend>Opening hours</legend>
      <div className="check">
        <input id={`${id}-always`} type="checkbox" checked={mode === 'always'} onChange={(e) => switchTo(e.target.checked ? 'always' : 'rows')} />
        <label htmlFor={`${id}-always`}>Open 24 hours, every day (24/7)</label>
      </div>
      {mode === 'rows' && (
        <>
          {rows.length === 0 && <p className="muted small">No opening times given. Leave it empty if you do not know them.</p>}
          <ol className="hours-editor__rows">
            {rows.map((row, index) => (
              <li key={index}>
                <fieldset className="hours-row">
                  <legend className="visually-hidden">Opening times {index + 1}</legend>
                  <label>
                    <span>From</span>
                    <select
                      value={row.from}
                      onChange={(e) =>
                        update(index, {
                          from: e.target.value as Day,
                          ...(DAYS.indexOf(e.target.value as Day) > DAYS.indexOf(row.to) ? { to: e.target.value as Day } : {}),
                        })
                      }
                    >
                      {DAYS.map((d) => (
                        <option key={d} value={d}>
                          {DAY_NAMES[d]}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    <span>to</span>
                    <select value={row.to} onChange={(e) => update(index, { to: e.target.value as Day })}>
                      {DAYS.map((d) => (
                        <option key={d} value={d}>
                          {DAY_NAMES[d]}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    <span>opens</span>
                    <input type="time" value={row.opens} onChange={(e) => update(index, { opens: e.target.value })} />
                  </label>
                  <label>
                    <span>closes</span>
                    <input type="time" value={row.closes === '24:00' ? '23:59' : row.closes} onChange={(e) => update(index, { closes: e.target.value })} />
                  </label>
                  <button type="button" className="link-button" onClick={() => emitRows(rows.filter((_, i) => i !== index))}>
                    Remove<span className="visually-hidden"> opening times {index + 1}</span>
                  </button>
                </fieldset>
              </li>
            ))}
          </ol>
          <div className="button-row">
            <button
              type="button"
              className="button button--quiet"
              onClick={() => emitRows([...rows, rows.length === 0 ? NEW_ROW : { ...NEW_ROW, from: 'Sa', to: 'Sa', opens: '10:00', closes: '12:00' }])}
            >
              Add opening times
            </button>
            <button type="button" className="link-button small" onClick={() => switchTo('text')}>
              Type them in OpenStreetMap format instead
            </button>
          </div>
        </>
      )}
      {mode === 'text' && (
        <div className="field">
          <label htmlFor={`${id}-text`}>Opening hours in OpenStreetMap format</label>
          <p className="field-hint" id={`${id}-text-hint`}>
            For example <code>Mo-Fr 09:00-17:00; Sa 10:00-12:00; PH off</code>.
          </p>
          <input
            id={`${id}-text`}
            value={value}
            onChange={(e) => onChange(e.target.value, null)}
            aria-describedby={`${id}-text-hint`}
            aria-invalid={error ? true : undefined}
          />
          {openingHoursToModel(value) !== null && (
            <button type="button" className="link-button small" onClick={() => switchTo('rows')}>
              Edit as days and times
            </button>
          )}
        </div>
      )}
      {value && mode !== 'text' && (
        <p className="muted small">
          Saved as <code>{value}</code>
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
