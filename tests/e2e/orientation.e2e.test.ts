import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';

/** Where the screenshots the issue asks for go (looked at by a person, not compared). */
const SHOTS = process.env.SHOTS_DIR ?? path.join(import.meta.dirname, '..', '.artifacts', 'shots');

interface MapHandle {
  queryRenderedFeatures(geometry?: undefined, options?: { layers?: string[] }): { properties: Record<string, unknown> }[];
  getLayer(id: string): unknown;
  jumpTo(options: { center: [number, number]; zoom: number }): void;
  once(event: string, fn: () => void): void;
  loaded(): boolean;
  areTilesLoaded(): boolean;
  getStyle(): { glyphs?: string; 'font-faces'?: Record<string, unknown> };
}

/** The page's window with the live map on it (map-view.tsx); a cast, as other tests declare it their own way. */
interface CgWindow {
  __commonGround: { map: MapHandle };
}

async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as CgWindow).__commonGround.map;
        // A move always ends in an idle once its tiles, sources and labels are placed.
        map.once('idle', () => resolve());
        if (map.loaded() && map.areTilesLoaded()) window.setTimeout(() => resolve(), 400);
      }),
  );
}

async function jumpAndSettle(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(([c, z]) => (window as unknown as CgWindow).__commonGround.map.jumpTo({ center: c, zoom: z }), [center, zoom] as const);
  await settle(page);
}

/** The text of the features a layer has drawn on screen (placed labels only). */
async function drawn(page: Page, layer: string, property = 'name'): Promise<string[]> {
  return page.evaluate(
    ([id, key]) => {
      const map = (window as unknown as CgWindow).__commonGround.map;
      if (!map.getLayer(id)) return [];
      return map.queryRenderedFeatures(undefined, { layers: [id] }).map((f) => String(f.properties[key]));
    },
    [layer, property] as const,
  );
}

describe.skipIf(!hasBrowser())('finding your way with no basemap and no network', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  const offOrigin: string[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(viewport: { width: number; height: number }, url: string): Promise<Page> {
    const context = await browser.newContext({ viewport });
    // No network beyond our own origin: anything else is refused and noted.
    await context.route(
      (u) => !u.href.startsWith(baseUrl) && !u.href.startsWith('data:') && !u.href.startsWith('blob:'),
      async (route) => {
        offOrigin.push(route.request().url());
        await route.abort();
      },
    );
    const p = await context.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    await p.goto(`${baseUrl}${url}`);
    // The first load of a cold server builds its tiles: minutes on a busy machine.
    await p.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, { timeout: 300_000 });
    await settle(p);
    return p;
  }

  it('names local authorities, postcode districts and wards, and marks a searched postcode, all from our own origin', async () => {
    page = await open({ width: 1280, height: 800 }, '/?place=GL1+2TG');
    // "Skip to the map" is the first Tab stop.
    await page.keyboard.press('Tab');
    await expect(page.evaluate(() => document.activeElement?.textContent?.trim())).resolves.toBe('Skip to the map');
    const style = await page.evaluate(() => (window as unknown as CgWindow).__commonGround.map.getStyle());
    expect(style.glyphs).toBeUndefined();
    expect(Object.keys(style['font-faces'] ?? {})).toHaveLength(2);

    // The search fitted the map to the postcode's circle: the marker says where it is.
    await page
      .waitForFunction(
        () => (window as unknown as CgWindow).__commonGround.map.queryRenderedFeatures(undefined, { layers: ['cg-you-are-here-label'] }).length > 0,
        undefined,
        { timeout: 60_000 },
      )
      .catch(async (error: unknown) => {
        await page.screenshot({ path: path.join(SHOTS, 'FAILED-you-are-here.png') });
        throw error;
      });
    expect(await drawn(page, 'cg-you-are-here-label', 'label')).toEqual(['GL1 2TG']);
    await page.screenshot({ path: path.join(SHOTS, 'home-search-1280x800.png') });

    await jumpAndSettle(page, [-2.24, 51.86], 9);
    expect(await drawn(page, 'cg-labels-authority')).toContain('Gloucester');
    await jumpAndSettle(page, [-2.24, 51.86], 12.5);
    expect(await drawn(page, 'cg-labels-district')).toContain('GL1');
    expect((await drawn(page, 'cg-labels-ward')).length).toBeGreaterThan(3);
    await page.screenshot({ path: path.join(SHOTS, 'labels-gloucester-1280x800.png') });

    // Clusters carry their counts.
    await jumpAndSettle(page, [-2.1, 52.3], 7);
    const counts = await drawn(page, 'cg-asset-cluster-counts', 'count');
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((c) => Number(c) >= 5)).toBe(true);
    // Cold tiles at four zooms on a busy two-core machine take minutes, not seconds.
  }, 600_000);

  it('draws streets with their names where a street network ships, fetched only once the map is there', async () => {
    const streetsFetched: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/streets/')) streetsFetched.push(r.url());
    });
    expect(streetsFetched).toEqual([]);
    await jumpAndSettle(page, [-0.1257, 51.6062], 15.5);
    await page.waitForFunction(
      () => (window as unknown as CgWindow).__commonGround.map.getLayer('cg-street-names-north-london-2026') !== undefined,
      undefined,
      { timeout: 30_000 },
    );
    await settle(page);
    expect(streetsFetched.map((u) => new URL(u).pathname)).toEqual(['/api/streets/north-london-2026']);
    const lines = await page.evaluate(
      () =>
        (window as unknown as CgWindow).__commonGround.map.queryRenderedFeatures(undefined, {
          layers: ['cg-streets-minor-north-london-2026', 'cg-streets-major-north-london-2026'],
        }).length,
    );
    expect(lines).toBeGreaterThan(20);
    const names = await drawn(page, 'cg-street-names-north-london-2026');
    expect(names).toContain('Bounds Green Road');
    await page.screenshot({ path: path.join(SHOTS, 'streets-bounds-green-1280x800.png') });
  });

  it('on a phone, the marker and names show too', async () => {
    const phone = await open({ width: 390, height: 844 }, '/?place=GL1+2TG');
    await phone.waitForFunction(
      () => (window as unknown as CgWindow).__commonGround.map.queryRenderedFeatures(undefined, { layers: ['cg-you-are-here-label'] }).length > 0,
      undefined,
      { timeout: 30_000 },
    );
    await phone.screenshot({ path: path.join(SHOTS, 'home-search-390x844.png') });

    // Phone first (issue 17): with the sheet folded, the map keeps at least two thirds of the
    // screen between the one-line brand card and the sheet.
    const layout = () =>
      phone.evaluate(() => {
        const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        return { cardBottom: box('.map-key').bottom, sheetTop: box('.search-panel').top, height: window.innerHeight };
      });
    const folded = await layout();
    expect((folded.sheetTop - folded.cardBottom) / folded.height).toBeGreaterThanOrEqual(2 / 3);
    // "Expand" opens the sheet over most of the screen, and "Show the map" folds it again.
    await phone.getByRole('button', { name: 'Expand', exact: true }).click();
    expect((await layout()).sheetTop).toBeLessThan(folded.height / 3);
    await phone.getByRole('button', { name: 'Show the map' }).click();
    expect((await layout()).sheetTop).toBe(folded.sheetTop);
    // An open map key is in front of the sheet, not under it.
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('button', { name: 'Show map key' }).click();
    const onTop = await phone.evaluate(() => {
      const sheet = document.querySelector('.search-panel')!.getBoundingClientRect();
      const key = document.querySelector('.map-key')!.getBoundingClientRect();
      const y = Math.min(key.bottom, sheet.bottom) - 10;
      return key.bottom > sheet.top && document.elementFromPoint(key.left + 20, y)?.closest('.map-key') !== null;
    });
    expect(onTop).toBe(true);
    await phone.screenshot({ path: path.join(SHOTS, 'home-key-open-390x844.png') });
    await phone.context().close();
  });

  it('says where we hold no list of the searched category, in the list, on the map and in the embed', async () => {
    const resident = await open({ width: 1280, height: 800 }, '/?place=GL1+2TG&q=food+banks');
    const count = resident.getByTestId('search-count');
    await expect.poll(() => count.textContent(), { timeout: 60_000 }).toBe('We hold no list of food banks and pantries for Gloucester yet.');
    await expect(resident.getByTestId('coverage-note').textContent()).resolves.toMatch(/does not mean there are none.*Add a place you know/);
    await resident.waitForFunction(
      () => (window as unknown as CgWindow).__commonGround.map.queryRenderedFeatures(undefined, { layers: ['cg-you-are-here-label'] }).length > 0,
      undefined,
      { timeout: 30_000 },
    );
    expect(await drawn(resident, 'cg-you-are-here-label', 'note')).toEqual(['We hold no list of food banks and pantries for Gloucester yet.']);
    await resident.screenshot({ path: path.join(SHOTS, 'home-uncovered-1280x800.png') });
    await resident.context().close();

    const embed = await open({ width: 600, height: 700 }, '/embed?place=GL1+2TG&q=food+banks');
    await expect
      .poll(() => embed.getByTestId('search-count').textContent(), { timeout: 60_000 })
      .toBe('We hold no list of food banks and pantries for Gloucester yet.');
    await expect(embed.getByRole('link', { name: /Add a place you know/ }).getAttribute('target')).resolves.toBe('_blank');
    await embed.context().close();

    // A place that is not a postcode is searched as a named area.
    const sheffield = await open({ width: 600, height: 700 }, '/embed?place=Sheffield');
    await expect.poll(() => sheffield.getByTestId('search-count').textContent(), { timeout: 60_000 }).toMatch(/places? found in Sheffield/);
    await sheffield.context().close();
  });

  it('asked nothing of any other origin, and raised no page errors', () => {
    expect(offOrigin).toEqual([]);
    expect(errors).toEqual([]);
  });
});
