/**
 * What a browser downloads before the first paint of `/`: the scripts index.html loads and
 * preloads, gzipped (level 9, as a server or CDN would send them), MapLibre listed apart.
 * Issue 17's target: JavaScript excluding MapLibre ≤ 150 KB gzipped. Reads the built app
 * (`pnpm --filter @common-ground/web build` first); prints figures, asserts nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../apps/web/dist');
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/(?:src|href)="\/(_app\/[^"]+\.js)"/g)].map((m) => m[1]!);
const rows = scripts.map((file) => {
  const bytes = readFileSync(path.join(dist, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, maplibre: /maplibre/.test(file) };
});
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
for (const r of rows) console.log(`${r.file.padEnd(40)} ${kib(r.raw).padStart(11)} raw ${kib(r.gzip).padStart(11)} gzipped${r.maplibre ? '  (MapLibre)' : ''}`);
const app = rows.filter((r) => !r.maplibre).reduce((sum, r) => sum + r.gzip, 0);
const maplibre = rows.filter((r) => r.maplibre).reduce((sum, r) => sum + r.gzip, 0);
console.log(`\nFirst-load JavaScript excluding MapLibre: ${kib(app)} gzipped (${app} bytes; target 150 KB); MapLibre ${kib(maplibre)}`);
