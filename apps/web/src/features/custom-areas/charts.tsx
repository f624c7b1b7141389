import { DECILE_COLOURS } from '@common-ground/geo';
import type { CustomAreaProfile, MultiPolygonGeometry } from '@common-ground/schema';
import { formatCount } from '../../lib/format.js';
import { labelLines } from './report-text.js';
import { fitFrame, pathOf } from './svg-map.js';

/*
 * Inline SVG charts and map: they print as crisp vectors, need no canvas or network, and
 * carry their figures as text, so the printed report reads without colour too.
 */

interface Bar {
  label: string;
  value: number;
  colour: string;
  note?: string;
}

/** Horizontal bars, one per row, with the label on the left and the value at the bar's end. */
export function BarChart({ title, bars, unit }: { title: string; bars: readonly Bar[]; unit: string }) {
  const lines = bars.map((b) => labelLines(b.label));
  const twoLine = lines.some((l) => l.length === 2);
  const rowHeight = twoLine ? 30 : 22;
  const labelWidth = 200;
  const width = 560;
  // Room after the longest bar for its figure and note ("1,505 people · 12 LSOAs").
  const barSpace = width - labelWidth - 160;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = Math.max(rowHeight, bars.length * rowHeight) + 4;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={`${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}`}
    >
      <title>{title}</title>
      {bars.map((bar, i) => {
        const y = i * rowHeight + 2;
        const w = Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * barSpace);
        return (
          <g key={bar.label}>
            <text x={labelWidth - 8} y={y + (lines[i]!.length === 2 ? 12 : rowHeight / 2 + 4)} textAnchor="end" className="chart__label">
              <title>{bar.label}</title>
              {lines[i]!.map((line, n) => (
                <tspan key={line} x={labelWidth - 8} dy={n === 0 ? 0 : 12}>
                  {line}
                </tspan>
              ))}
            </text>
            <rect x={labelWidth} y={y + 3} width={w} height={rowHeight - 6} fill={bar.colour} stroke="#333" strokeWidth="0.5" />
            <text x={labelWidth + w + 6} y={y + rowHeight / 2 + 4} className="chart__value">
              {formatCount(bar.value)} {unit}
              {bar.note ? ` · ${bar.note}` : ''}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** People per IMD decile (1 = most deprived tenth of England), with the LSOAs each holds. */
export function DeprivationChart({ mix }: { mix: CustomAreaProfile['deprivation'] }) {
  const bars: Bar[] = [];
  for (let decile = 1; decile <= 10; decile++) {
    const row = mix.find((m) => m.decile === decile);
    bars.push({
      label: `Decile ${decile}${decile === 1 ? ' (most deprived)' : decile === 10 ? ' (least deprived)' : ''}`,
      value: row?.population ?? 0,
      colour: DECILE_COLOURS[decile - 1] ?? '#999',
      note: `${row?.lsoas ?? 0} LSOA${row?.lsoas === 1 ? '' : 's'}`,
    });
  }
  const unknown = mix.find((m) => m.decile === null);
  if (unknown) bars.push({ label: 'No decile', value: unknown.population, colour: '#bbb', note: `${unknown.lsoas} LSOAs` });
  return <BarChart title="Residents by Index of Multiple Deprivation 2025 decile" bars={bars} unit="people" />;
}

export function AssetsChart({ assets }: { assets: CustomAreaProfile['assets'] }) {
  const bars = assets.byCategory.slice(0, 15).map((c) => ({ label: c.name, value: c.count, colour: c.colour }));
  const rest = assets.byCategory.slice(15).reduce((sum, c) => sum + c.count, 0);
  if (rest > 0) bars.push({ label: 'Other categories', value: rest, colour: '#999' });
  return <BarChart title="Public community assets inside the area, by category" bars={bars} unit="" />;
}

/**
 * The area drawn from its geometry: its LSOAs shaded by IMD decile under its outline.
 * Works offline and in print, unlike a canvas map.
 */
export function AreaMap({
  outline,
  lsoas,
  points = [],
  width = 560,
  height = 360,
}: {
  outline: MultiPolygonGeometry;
  lsoas: readonly { code: string; imdDecile: number | null; geometry: MultiPolygonGeometry }[];
  /** Assets inside, drawn as dots in their category's colour with a white ring, as on the app's map. */
  points?: readonly { coordinates: readonly [number, number]; colour: string }[];
  width?: number;
  height?: number;
}) {
  const frame = fitFrame([outline, ...lsoas.map((l) => l.geometry)], width, height, 10);
  return (
    <svg
      className="area-map"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={`Map of the area: its outline over its ${lsoas.length} LSOAs, shaded by deprivation decile${points.length > 0 ? `, with ${points.length} community assets as dots` : ''}`}
      data-testid="area-map"
    >
      <rect width={width} height={height} fill="#f4f6f7" />
      {lsoas.map((l) => (
        <path
          key={l.code}
          d={pathOf(l.geometry, frame)}
          fillRule="evenodd"
          fill={l.imdDecile ? (DECILE_COLOURS[l.imdDecile - 1] ?? '#ccc') : '#ccc'}
          fillOpacity="0.75"
          stroke="#fff"
          strokeWidth="1"
        >
          <title>{l.code}</title>
        </path>
      ))}
      <path d={pathOf(outline, frame)} fillRule="evenodd" fill="none" stroke="#1b1b1b" strokeWidth="2.5" />
      <g data-testid="area-map-assets">
        {points.map((p, i) => {
          const [x, y] = frame.project(p.coordinates[0], p.coordinates[1]);
          return <circle key={i} cx={x.toFixed(1)} cy={y.toFixed(1)} r={points.length > 600 ? 2.2 : 3.2} fill={p.colour} stroke="#fff" strokeWidth="0.9" />;
        })}
      </g>
    </svg>
  );
}
