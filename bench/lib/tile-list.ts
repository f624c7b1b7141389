/**
 * The fixed tiles every benchmark run measures, written out so runs stay comparable
 * whatever happens to the tile maths. `checkTileList()` re-derives the z6 list.
 */
import { tilesCovering, type Extent, type Tile } from '@common-ground/geo';

export const BENCH_ZOOMS = [6, 8, 11, 14] as const;
export type BenchZoom = (typeof BENCH_ZOOMS)[number];

/** England as the web app opens on it (ENGLAND_BOUNDS, rounded): the opening view's tiles at z6. */
export const ENGLAND_BBOX: Extent = [-6, 49.9, 1.8, 55.8];

const t = (z: number, x: number, y: number): Tile => ({ z, x, y });

export const TILE_LIST: Record<BenchZoom, readonly Tile[]> = {
  // tilesCovering(ENGLAND_BBOX, 6): the whole of England, the opening view.
  6: [t(6, 30, 19), t(6, 31, 19), t(6, 32, 19), t(6, 30, 20), t(6, 31, 20), t(6, 32, 20), t(6, 30, 21), t(6, 31, 21), t(6, 32, 21)],
  // x 125-127, y 82-85: Liverpool, Manchester/Leeds/Sheffield, Birmingham, Gloucester, Bristol, London.
  8: [
    t(8, 125, 82),
    t(8, 126, 82),
    t(8, 127, 82),
    t(8, 125, 83),
    t(8, 126, 83),
    t(8, 127, 83),
    t(8, 125, 84),
    t(8, 126, 84),
    t(8, 127, 84),
    t(8, 125, 85),
    t(8, 126, 85),
    t(8, 127, 85),
  ],
  11: [
    t(11, 1023, 680),
    t(11, 1024, 680),
    t(11, 1023, 681),
    t(11, 1024, 681), // central London
    t(11, 1013, 671), // Birmingham
    t(11, 1011, 662), // Manchester
    t(11, 1015, 663), // Sheffield
    t(11, 1011, 677), // Gloucester
    t(11, 1015, 659), // Leeds
    t(11, 1009, 681), // Bristol
    t(11, 1014, 647), // Newcastle
    t(11, 1006, 663), // Liverpool
  ],
  14: [
    t(14, 8186, 5447),
    t(14, 8187, 5447),
    t(14, 8186, 5448),
    t(14, 8187, 5448), // Westminster / City
    t(14, 8105, 5375),
    t(14, 8106, 5375), // Birmingham
    t(14, 8089, 5300),
    t(14, 8090, 5300), // Manchester
    t(14, 8125, 5308), // Sheffield
    t(14, 8089, 5422), // Gloucester
    t(14, 8121, 5275), // Leeds
    t(14, 8074, 5451), // Bristol
    t(14, 8118, 5183), // Newcastle
    t(14, 8055, 5306), // Liverpool
  ],
};

/** Asset tiles for the memory run's mixed load. */
export const ASSET_TILES: readonly Tile[] = [...TILE_LIST[11], ...TILE_LIST[14]];

/** Real LSOA 2021 codes across the same cities, for /api/areas/:code. */
export const AREA_CODES: readonly string[] = [
  'E01000001', // City of London 001A
  'E01004734', // Westminster 018A
  'E01004306', // Tower Hamlets 015A
  'E01000855', // Camden 028A
  'E01008910', // Birmingham 050A
  'E01005130', // Manchester 054A
  'E01007864', // Sheffield 036D
  'E01006512', // Liverpool 031A
  'E01008303', // Newcastle upon Tyne 018A
  'E01019000', // Cornwall 070A
];

/** City-centre boxes (minLon,minLat,maxLon,maxLat) for /api/assets?bbox=. */
export const ASSET_BBOXES: readonly Extent[] = [
  [-0.2, 51.48, -0.05, 51.54], // London
  [-1.95, 52.45, -1.83, 52.51], // Birmingham
  [-2.3, 53.45, -2.2, 53.5], // Manchester
  [-1.52, 53.36, -1.42, 53.4], // Sheffield
  [-2.3, 51.84, -2.2, 51.88], // Gloucester
];

export const areaTilePath = ({ z, x, y }: Tile) => `/tiles/areas/${z}/${x}/${y}.mvt`;
export const assetTilePath = ({ z, x, y }: Tile) => `/tiles/assets/${z}/${x}/${y}.mvt`;

/** Warns (does not fail) if the literal z6 list no longer matches the opening view. */
export function checkTileList(): void {
  const derived = tilesCovering(ENGLAND_BBOX, 6).map(areaTilePath).join(' ');
  const literal = TILE_LIST[6].map(areaTilePath).join(' ');
  if (derived !== literal) {
    process.stderr.write(`warning: the z6 list differs from tilesCovering(ENGLAND_BBOX, 6): ${derived}\n`);
  }
}
