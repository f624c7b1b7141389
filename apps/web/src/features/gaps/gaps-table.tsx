import type { GapRow, GapSort, GapsResult } from '@common-ground/schema';
import { formatCount } from '../../lib/format.js';
import { GAPS_PAGE_SIZE, type GapsViewState } from './gaps-state.js';
import { metresText, nearestCell, rowSentence } from './gaps-text.js';

export interface GapsTableProps {
  result: GapsResult;
  state: GapsViewState;
  /** What the category is called in a sentence ("food banks and pantries"). */
  what: string;
  domainLabel: string;
  onSort: (column: GapSort) => void;
  onPage: (page: number) => void;
  onSelect: (code: string) => void;
}

interface Column {
  sort: GapSort;
  label: string;
  numeric: boolean;
}

/** The count column follows the measure: its band, or 800 m (a ten-minute walk). */
function countColumn(state: GapsViewState): { sort: GapSort; metres: number; value: (r: GapRow) => number | null } {
  if (state.measure === 'count_400') return { sort: 'count_400', metres: 400, value: (r) => r.count400 };
  if (state.measure === 'count_1600') return { sort: 'count_1600', metres: 1600, value: (r) => r.count1600 };
  return { sort: 'count_800', metres: 800, value: (r) => r.count800 };
}

/**
 * The ranked list, one page at a time. Each column header is a button that sorts by it
 * (again: the other way), with aria-sort on the header; each LSOA's name is a button that
 * opens its profile and shows it on the map.
 */
export function GapsTable({ result, state, what, domainLabel, onSort, onPage, onSelect }: GapsTableProps) {
  const count = countColumn(state);
  const columns: Column[] = [
    { sort: 'priority', label: 'Priority', numeric: true },
    { sort: 'name', label: 'Neighbourhood (LSOA)', numeric: false },
    { sort: 'population', label: 'People', numeric: true },
    { sort: 'decile', label: 'Decile', numeric: true },
    { sort: 'nearest', label: 'Nearest', numeric: true },
    { sort: count.sort, label: `Within ${metresText(count.metres)}`, numeric: true },
    { sort: 'e2sfca', label: 'Access score', numeric: true },
  ];
  const first = result.offset + 1;
  const last = result.offset + result.rows.length;
  const pages = Math.max(1, Math.ceil(result.total / GAPS_PAGE_SIZE));
  const ariaSort = (c: Column) => (state.sort === c.sort ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined);

  return (
    <div className="gaps-table">
      <div className="table-scroll">
        <table className="data-table gaps-table__table" data-testid="gaps-table">
          <caption className="gaps-table__caption">
            Ranked LSOAs of {result.settings.area.name}: flagged first, then most deprived ({domainLabel} decile), then thinnest provision.
            <span className="visually-hidden"> Column headers are buttons that sort the table.</span>
          </caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.sort} scope="col" aria-sort={ariaSort(c)} className={c.numeric ? 'num' : undefined}>
                  <button type="button" className="sort-button" onClick={() => onSort(c.sort)}>
                    {c.label}
                    <span className="sort-button__arrow" aria-hidden="true">
                      {state.sort === c.sort ? (state.order === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              ))}
              <th scope="col">Gap</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row, i) => (
              <tr
                key={row.code}
                className={`${row.flag ? 'gaps-row--flagged' : ''}${state.lsoa === row.code ? ' gaps-row--selected' : ''}`}
                aria-current={state.lsoa === row.code ? 'true' : undefined}
                onClick={(event) => {
                  // The name's button handles its own click (and Enter); a click elsewhere on the row does the same.
                  if (!(event.target as HTMLElement).closest('button')) onSelect(row.code);
                }}
              >
                <td className="num">{formatCount(result.offset + i + 1)}</td>
                <th scope="row" className="gaps-table__name">
                  <button type="button" className="link-button" onClick={() => onSelect(row.code)}>
                    {row.name}
                  </button>
                  <span className="small muted block">
                    {row.code} · {row.flag ? row.reason : rowSentence(row, result.settings, what)}
                  </span>
                </th>
                <td className="num">{row.population === null ? '–' : formatCount(row.population)}</td>
                <td className="num">{row.decile ?? '–'}</td>
                <td className="num">{nearestCell(row)}</td>
                <td className="num">{count.value(row) === null ? 'no data' : formatCount(count.value(row)!)}</td>
                <td className="num">{row.e2sfca === null ? 'no data' : row.e2sfca.toLocaleString('en-GB', { maximumFractionDigits: 2 })}</td>
                <td>
                  {row.flag ? (
                    <strong className="gaps-flag">Flagged</strong>
                  ) : row.coverage === 'no_data' ? (
                    <span className="muted">No data</span>
                  ) : row.coverage === 'partial' ? (
                    <span className="muted">Known assets only</span>
                  ) : row.censored ? (
                    <span className="muted">Beyond the covered area</span>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav className="gaps-table__pages" aria-label="Pages of the table">
        <button type="button" className="button button--quiet" disabled={state.page === 0} onClick={() => onPage(state.page - 1)}>
          Previous {GAPS_PAGE_SIZE}
        </button>
        <span role="status">
          {result.total === 0 ? 'No LSOAs' : `Rows ${formatCount(first)}–${formatCount(last)} of ${formatCount(result.total)}`} · page {state.page + 1} of{' '}
          {formatCount(pages)}
        </span>
        <button type="button" className="button button--quiet" disabled={last >= result.total} onClick={() => onPage(state.page + 1)}>
          Next {GAPS_PAGE_SIZE}
        </button>
      </nav>
    </div>
  );
}
