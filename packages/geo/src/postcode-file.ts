/**
 * Streams the shipped postcode file (`data/lookups/postcodes_england_live_2025.csv.gz`, 1.49M rows)
 * without holding it in memory. Node-only, so it has its own entry point
 * (`@common-ground/geo/postcode-file`) and stays out of the browser bundle that imports the rest
 * of this package.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { ResidencePointAccumulator, type PostcodeLocation, type ResidencePoint } from './residence-points.js';
import type { BngPoint } from './bng.js';

export const POSTCODES_FILE = 'lookups/postcodes_england_live_2025.csv.gz';

export interface PostcodeRow extends PostcodeLocation {
  postcode: string;
}

function columnIndex(header: string[], name: string, file: string): number {
  const index = header.indexOf(name);
  if (index < 0) throw new Error(`${file}: no column ${name}`);
  return index;
}

/**
 * Yields every postcode with coordinates (columns postcode, lat, lon, lsoa21cd; an empty LSOA
 * becomes null). The file is plain CSV with no quoted fields, so lines split on commas; a `.gz`
 * file is gunzipped on the fly. Numbers parse with `Number`, which reads "51.74529" to the same
 * double as PostgreSQL's float8 input, so projections match the database's.
 */
export async function* readPostcodes(file: string): AsyncGenerator<PostcodeRow> {
  const raw = createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let columns: { postcode: number; lat: number; lon: number; lsoa: number } | undefined;
  for await (const line of lines) {
    if (line.length === 0) continue;
    const fields = line.split(',');
    if (!columns) {
      columns = {
        postcode: columnIndex(fields, 'postcode', file),
        lat: columnIndex(fields, 'lat', file),
        lon: columnIndex(fields, 'lon', file),
        lsoa: columnIndex(fields, 'lsoa21cd', file),
      };
      continue;
    }
    const lat = fields[columns.lat];
    const lon = fields[columns.lon];
    if (!lat || !lon) continue;
    yield {
      postcode: fields[columns.postcode] ?? '',
      lat: Number(lat),
      lon: Number(lon),
      lsoa: fields[columns.lsoa] || null,
    };
  }
}

/** Residence points for every LSOA from the postcode file; see residence-points.ts. */
export async function residencePointsFromFile(file: string, pointsOnSurface: ReadonlyMap<string, BngPoint> = new Map()): Promise<Map<string, ResidencePoint>> {
  const accumulator = new ResidencePointAccumulator();
  for await (const postcode of readPostcodes(file)) accumulator.add(postcode);
  return accumulator.result(pointsOnSurface);
}
