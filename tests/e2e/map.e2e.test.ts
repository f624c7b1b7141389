import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AreaProfile } from '@common-ground/schema';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';

const ARTIFACTS = path.join(import.meta.dirname, '..', '.artifacts');

interface MapHandle {
  getStyle(): { layers: { id: string; type: string; source?: string; 'source-layer'?: string }[] };
  queryRenderedFeatures(
    geometry?: [number, number] | [[number, number], [number, number]],
    options?: { layers?: string[] },
  ): { properties: Record<string, unknown>; layer: { id: string } }[];
  project(lngLat: [number, number]): { x: number; y: number };
  jumpTo(options: { center: [number, number]; zoom: number }): void;
  once(event: string, fn: () => void): void;
  loaded(): boolean;
  areTilesLoaded(): boolean;
}

declare global {
  interface Window {
    __commonGround?: { map: MapHandle };
  }
}

/** Layer ids of the map's style that draw a given tile layer with a given layer type. */
async function layersOf(page: Page, sourceLayer: string, type: string): Promise<string[]> {
  return page.evaluate(
    ([sl, t]) =>
      window
        .__commonGround!.map.getStyle()
        .layers.filter((l) => l['source-layer'] === sl && l.type === t)
        .map((l) => l.id),
    [sourceLayer, type] as const,
  );
}

async function waitForIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__commonGround!.map;
        if (map.loaded() && map.areTilesLoaded()) resolve();
        else map.once('idle', () => resolve());
      }),
  );
}

describe.skipIf(!hasBrowser())('the map in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens on England with the deprivation choropleth and assets rendered', async () => {
    await page.goto(baseUrl);
    await page.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, { timeout: 120_000 });
    await waitForIdle(page);
    const fills = await layersOf(page, 'areas', 'fill');
    expect(fills.length).toBeGreaterThan(0);
    const rendered = await page.evaluate((layers) => window.__commonGround!.map.queryRenderedFeatures(undefined, { layers }).length, fills);
    expect(rendered).toBeGreaterThan(1000);
    const circles = await layersOf(page, 'assets', 'circle');
    expect(circles.length).toBeGreaterThan(0);
    const assets = await page.evaluate((layers) => window.__commonGround!.map.queryRenderedFeatures(undefined, { layers }).length, circles);
    expect(assets).toBeGreaterThan(100);
    // The legend explains the ramp.
    await page
      .getByText(/most deprived/i)
      .first()
      .waitFor({ timeout: 10_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'england.png') });
  });

  it('shows an LSOA’s profile with its IMD decile when it is clicked', async () => {
    // Gloucester, where the data has many areas and assets.
    await page.evaluate(() => window.__commonGround!.map.jumpTo({ center: [-2.2438, 51.8594], zoom: 13 }));
    await waitForIdle(page);
    const fills = await layersOf(page, 'areas', 'fill');
    const circles = await layersOf(page, 'assets', 'circle');
    // Find a point over an area and clear of asset markers, so the click opens the area.
    const target = await page.evaluate(
      ([areaLayers, assetLayers]) => {
        const map = window.__commonGround!.map;
        const centre = map.project([-2.2438, 51.8594]);
        for (let r = 0; r < 300; r += 15) {
          for (let a = 0; a < 360; a += 45) {
            const p: [number, number] = [centre.x + r * Math.cos((a * Math.PI) / 180), centre.y + r * Math.sin((a * Math.PI) / 180)];
            const onCanvas = document.elementFromPoint(p[0], p[1])?.tagName === 'CANVAS';
            const nearAsset =
              map.queryRenderedFeatures(
                [
                  [p[0] - 14, p[1] - 14],
                  [p[0] + 14, p[1] + 14],
                ],
                { layers: assetLayers },
              ).length > 0;
            if (!onCanvas) continue;
            const area = map.queryRenderedFeatures(p, { layers: areaLayers })[0];
            if (area && !nearAsset) return { x: p[0], y: p[1], code: String(area.properties.code), imd: Number(area.properties.imd) };
          }
        }
        return null;
      },
      [fills, circles] as const,
    );
    expect(target).not.toBeNull();
    await page.mouse.click(target!.x, target!.y);
    const panel = page.getByTestId('area-panel');
    await panel.waitFor({ timeout: 30_000 }).catch(async (error: unknown) => {
      await page.screenshot({ path: path.join(ARTIFACTS, 'area-click-failed.png') });
      throw error;
    });
    const decileText = (await page.getByTestId('area-imd-decile').textContent())?.trim();
    const profile = AreaProfile.parse(await (await fetch(`${baseUrl}/api/areas/${target!.code}`)).json());
    const imd = profile.deprivation.find((d) => d.measure === 'imd');
    expect(Number(decileText)).toBe(imd?.decile);
    expect(Number(decileText)).toBe(target!.imd);
    await expect(panel.textContent()).resolves.toContain(profile.name);
    await page.screenshot({ path: path.join(ARTIFACTS, 'area-panel.png') });
  });

  it('ran without page errors', () => {
    expect(errors.filter((e) => !/favicon/i.test(e))).toEqual([]);
  });
});

describe('the product over HTTP', () => {
  const baseUrl = inject('baseUrl');

  it('serves the app at / and deep links, and hashed build files from /_app/ with long caching', async () => {
    const home = await fetch(baseUrl, { headers: { accept: 'text/html' } });
    expect(home.status).toBe(200);
    const html = await home.text();
    const script = /src="(\/_app\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${baseUrl}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    const deep = await fetch(`${baseUrl}/assets/00000000-0000-4000-8000-000000000000`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="root"');
  });

  it('lets partner sites frame /embed and nothing else', async () => {
    const embed = await fetch(`${baseUrl}/embed`, { headers: { accept: 'text/html' } });
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    const home = await fetch(baseUrl, { headers: { accept: 'text/html' } });
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(home.headers.get('x-frame-options')).not.toBeNull();
  });
});
