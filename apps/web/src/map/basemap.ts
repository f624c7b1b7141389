import type { SourceSpecification, StyleSpecification } from 'maplibre-gl';

/** How long to wait for a basemap style before drawing without one. */
export const BASEMAP_TIMEOUT_MS = 4000;

export interface LoadBasemapOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export type BasemapResult = { ok: true; style: StyleSpecification } | { ok: false; reason: string };

function isStyle(value: unknown): value is StyleSpecification {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.version === 8 && Array.isArray(v.layers) && typeof v.sources === 'object' && v.sources !== null;
}

/** An absolute URL for a style's reference, leaving `mapbox://`-like schemes and templates alone. */
function absolute(url: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return url;
  // `{z}`-style placeholders must survive URL parsing unescaped.
  return new URL(url, base).href.replace(/%7B/g, '{').replace(/%7D/g, '}');
}

/**
 * A fetched style keeps URLs relative to where it came from; once handed to MapLibre as an
 * object they would resolve against our page instead. Make them absolute.
 */
export function resolveStyleUrls(style: StyleSpecification, styleUrl: string): StyleSpecification {
  const sources: Record<string, SourceSpecification> = {};
  for (const [id, source] of Object.entries(style.sources)) {
    const copy = { ...source } as SourceSpecification & { url?: string; tiles?: string[]; data?: unknown };
    if (typeof copy.url === 'string') copy.url = absolute(copy.url, styleUrl);
    if (Array.isArray(copy.tiles)) copy.tiles = copy.tiles.map((t) => absolute(t, styleUrl));
    if (typeof copy.data === 'string') copy.data = absolute(copy.data, styleUrl);
    sources[id] = copy;
  }
  const resolved: StyleSpecification = { ...style, sources };
  if (typeof style.glyphs === 'string') resolved.glyphs = absolute(style.glyphs, styleUrl);
  if (typeof style.sprite === 'string') resolved.sprite = absolute(style.sprite, styleUrl);
  else if (Array.isArray(style.sprite)) {
    resolved.sprite = style.sprite.map((s) => ({ ...s, url: absolute(s.url, styleUrl) }));
  }
  return resolved;
}

/**
 * Fetches a basemap style, giving up after a timeout. It never throws: a failure (offline,
 * blocked, slow, not a style) is a result, so the caller can draw the map without a
 * basemap instead of a blank page.
 * @example
 * const basemap = await loadBasemap(config.basemapStyleUrl);
 * const style = buildStyle({ …, basemap: basemap.ok ? basemap.style : null });
 */
export async function loadBasemap(url: string | null, options: LoadBasemapOptions = {}): Promise<BasemapResult> {
  if (!url) return { ok: false, reason: 'no basemap configured' };
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? BASEMAP_TIMEOUT_MS);
  try {
    const styleUrl = new URL(url, globalThis.location?.href).href;
    const response = await doFetch(styleUrl, { signal: controller.signal, headers: { accept: 'application/json' } });
    if (!response.ok) return { ok: false, reason: `basemap style answered ${response.status}` };
    const body: unknown = await response.json();
    if (!isStyle(body)) return { ok: false, reason: 'basemap URL did not return a MapLibre style (version 8)' };
    return { ok: true, style: resolveStyleUrls(body, styleUrl) };
  } catch (error) {
    if (controller.signal.aborted) return { ok: false, reason: 'basemap style timed out' };
    return { ok: false, reason: `basemap style could not be fetched (${error instanceof Error ? error.message : String(error)})` };
  } finally {
    clearTimeout(timer);
  }
}
