import type { StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { loadBasemap, resolveStyleUrls } from './basemap.js';

const STYLE: StyleSpecification = {
  version: 8,
  sources: { osm: { type: 'vector', url: 'tiles.json' } },
  layers: [{ id: 'land', type: 'background' }],
};

const json = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));

describe('loadBasemap', () => {
  it('returns no basemap, without fetching, when none is configured', async () => {
    let calls = 0;
    const result = await loadBasemap(null, { fetch: () => (calls++, json(STYLE)) });
    expect(result.ok).toBe(false);
    expect(calls).toBe(0);
  });

  it('falls back when the fetch fails (offline)', async () => {
    const result = await loadBasemap('https://tiles.example/style.json', {
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
    });
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.reason).toContain('Failed to fetch');
  });

  it('falls back when the style does not arrive before the timeout', async () => {
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    const result = await loadBasemap('https://tiles.example/style.json', { fetch: hanging, timeoutMs: 10 });
    expect(result).toEqual({ ok: false, reason: 'basemap style timed out' });
  });

  it('falls back on an error status', async () => {
    const result = await loadBasemap('https://tiles.example/style.json', { fetch: () => json({}, 503) });
    expect(result).toEqual({ ok: false, reason: 'basemap style answered 503' });
  });

  it('falls back when the URL returns something other than a style', async () => {
    const result = await loadBasemap('https://tiles.example/style.json', { fetch: () => json({ hello: 'world' }) });
    expect(result.ok).toBe(false);
  });

  it('returns the style with its relative URLs made absolute', async () => {
    const result = await loadBasemap('https://tiles.example/styles/v1/style.json', { fetch: () => json(STYLE) });
    expect(result.ok).toBe(true);
    expect(result.ok && result.style.sources.osm).toEqual({ type: 'vector', url: 'https://tiles.example/styles/v1/tiles.json' });
  });
});

describe('resolveStyleUrls', () => {
  it('keeps tile URL placeholders intact', () => {
    const style: StyleSpecification = {
      version: 8,
      glyphs: '/fonts/{fontstack}/{range}.pbf',
      sources: { t: { type: 'vector', tiles: ['/t/{z}/{x}/{y}.pbf'] } },
      layers: [],
    };
    const resolved = resolveStyleUrls(style, 'https://maps.example/style.json');
    expect(resolved.glyphs).toBe('https://maps.example/fonts/{fontstack}/{range}.pbf');
    expect(resolved.sources.t).toMatchObject({ tiles: ['https://maps.example/t/{z}/{x}/{y}.pbf'] });
  });

  it('leaves absolute and custom-scheme URLs alone', () => {
    const style: StyleSpecification = {
      version: 8,
      sprite: 'pmtiles://x',
      sources: { t: { type: 'vector', url: 'https://other.example/tiles.json' } },
      layers: [],
    };
    const resolved = resolveStyleUrls(style, 'https://maps.example/style.json');
    expect(resolved.sprite).toBe('pmtiles://x');
    expect(resolved.sources.t).toMatchObject({ url: 'https://other.example/tiles.json' });
  });
});
