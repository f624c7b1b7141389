// Makes the street layers the map draws with no basemap, from the walking-network pilot
// files (OpenStreetMap, ODbL; see ATTRIBUTION.md). Run from the repository root:
//   node data/streets/make-streets.mjs ../shared/data/networks
// Only what the map draws is kept: lines, a name where OSM has one, and whether the street
// is a main road; coordinates to 5 decimals (about a metre).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const source = process.argv[2];
if (!source) throw new Error('usage: node data/streets/make-streets.mjs <networks folder>');
const out = path.dirname(new URL(import.meta.url).pathname);

const MAJOR = new Set(['motorway', 'trunk', 'primary', 'secondary', 'motorway_link', 'trunk_link', 'primary_link', 'secondary_link']);
const MINOR = new Set(['tertiary', 'tertiary_link', 'unclassified', 'residential', 'living_street', 'pedestrian', 'road']);
const round = (n) => Math.round(n * 1e5) / 1e5;

/** Drops repeated points (rounding makes some) so lines stay valid and small. */
function line(coords) {
  const kept = [];
  for (const c of coords) {
    const p = [round(c[0]), round(c[1])];
    const last = kept[kept.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) kept.push(p);
  }
  return kept.length >= 2 ? kept : null;
}

function write(name, features) {
  const json = JSON.stringify({ type: 'FeatureCollection', features });
  writeFileSync(path.join(out, name), gzipSync(json, { level: 9 }));
  console.log(`${name}: ${features.length} streets, ${json.length} bytes, gzipped ${gzipSync(json, { level: 9 }).length}`);
}

// North London (2026): OSM XML with every tag, so streets keep their names.
{
  const xml = readFileSync(path.join(source, 'north_london_highways_2026-07-26.osm'), 'utf8');
  const nodes = new Map();
  for (const m of xml.matchAll(/<node id="(\d+)" lat="([-\d.]+)" lon="([-\d.]+)"/g)) nodes.set(m[1], [Number(m[3]), Number(m[2])]);
  const features = [];
  for (const m of xml.matchAll(/<way id="\d+"[^>]*>([\s\S]*?)<\/way>/g)) {
    const body = m[1];
    const tags = Object.fromEntries([...body.matchAll(/<tag k="([^"]+)" v="([^"]*)"/g)].map((t) => [t[1], t[2]]));
    const highway = tags.highway;
    const named = typeof tags.name === 'string' && tags.name.length > 0;
    if (!MAJOR.has(highway) && !MINOR.has(highway) && !(highway === 'service' && named)) continue;
    const coords = line([...body.matchAll(/<nd ref="(\d+)"/g)].map((r) => nodes.get(r[1])).filter(Boolean));
    if (!coords) continue;
    const name = named ? tags.name.replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"') : undefined;
    features.push({
      type: 'Feature',
      properties: { class: MAJOR.has(highway) ? 'major' : 'minor', ...(name ? { name } : {}) },
      geometry: { type: 'LineString', coordinates: coords },
    });
  }
  write('north_london_streets_2026.geojson.gz', features);
}

// Central London (2018): lines only (the file kept no tags), so no names or classes.
{
  const collection = JSON.parse(readFileSync(path.join(source, 'central_london_streets_2018.geojson'), 'utf8'));
  const features = [];
  for (const f of collection.features) {
    if (f.geometry?.type !== 'LineString') continue;
    const coords = line(f.geometry.coordinates);
    if (coords) features.push({ type: 'Feature', properties: { class: 'minor' }, geometry: { type: 'LineString', coordinates: coords } });
  }
  write('central_london_streets_2018.geojson.gz', features);
}
