import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AssetWriteResult, SearchResults, SuggestResults } from '@common-ground/schema';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';
import { apiSession, ARTIFACTS } from './session-helpers.js';

/*
 * The search's tools, as a resident uses them in headless Chromium against the real product:
 * "<what> near <postcode>" typed in one box, the open-now / wheelchair / free filters, the
 * export menu (the file holds what the list shows), and "Search this area" after moving the map.
 * Each answer on screen is held against what the API answers for the same search.
 */

/** A Gloucester postcode (the shipped ONS directory) with OpenStreetMap places around it. */
const GLOUCESTER = 'GL1 2TG';
/** A Sheffield city-centre postcode, in the shipped Sheffield amenities' area. */
const SHEFFIELD = 'S1 2HE';

interface MapHandle {
  jumpTo(options: { center: [number, number]; zoom: number }): void;
  getCenter(): { lng: number; lat: number };
  once(event: string, fn: () => void): void;
  loaded(): boolean;
  areTilesLoaded(): boolean;
}
type MapWindow = { __commonGround: { map: MapHandle } };

async function apiSearch(baseUrl: string, params: Record<string, string>): Promise<SearchResults> {
  const response = await fetch(`${baseUrl}/api/search?${new URLSearchParams({ page_size: '20', ...params }).toString()}`);
  expect(response.status).toBe(200);
  return SearchResults.parse(await response.json());
}

async function listIds(page: Page): Promise<string[]> {
  return page.locator('[data-result-id]').evaluateAll((items) => items.map((i) => i.getAttribute('data-result-id') ?? ''));
}

/** The count line as a person (and a screen reader) reads it once the search has answered. */
async function settledCount(page: Page): Promise<string> {
  await expect.poll(() => page.getByTestId('search-count').textContent(), { timeout: 60_000 }).toMatch(/found|No places/);
  return (await page.getByTestId('search-count').textContent()) ?? '';
}

function countWords(total: number): RegExp {
  return total === 0 ? /^No places found/ : new RegExp(`^${total.toLocaleString('en-GB')} ${total === 1 ? 'place' : 'places'} found`);
}

describe.skipIf(!hasBrowser())('search tools in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  const admin = inject('admin');
  /** A word no shipped place has, in the names of the places this test lists. */
  const WORD = `Quillwort${Date.now() % 1_000_000}`;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(ARTIFACTS, `search-tools-${name}.png`), fullPage: false });

  async function openMap(at = ''): Promise<Page> {
    // "Open now" is judged in the browser's time zone as well as on the server: the UK's.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/London', acceptDownloads: true });
    const opened = await context.newPage();
    opened.on('pageerror', (e) => errors.push(e.message));
    opened.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await opened.goto(`${baseUrl}/${at}`);
    await opened.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, { timeout: 120_000 });
    return opened;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // Four places by GL1 2TG: A is step-free, free and open round the clock; B only step-free;
    // C only free; D only open (every day, all day). A worker's places are published at once.
    const worker = await apiSession(baseUrl, '/api/auth/sign-in', admin);
    const places = [
      { key: 'A', wheelchair: 'yes', free: true, openingHours: '24/7' },
      { key: 'B', wheelchair: 'yes', free: false, openingHours: null },
      { key: 'C', wheelchair: 'no', free: true, openingHours: null },
      { key: 'D', wheelchair: null, free: null, openingHours: '24/7' },
    ];
    for (const p of places) {
      const response = await worker.send('POST', '/api/assets', {
        name: `${WORD} Filter place ${p.key}`,
        categoryCode: 'community-centre',
        postcode: GLOUCESTER,
        wheelchair: p.wheelchair,
        free: p.free,
        openingHours: p.openingHours,
      });
      expect(response.status, await response.clone().text()).toBe(201);
      expect(AssetWriteResult.parse(await response.json()).outcome).toBe('published');
    }
    browser = await launchBrowser();
    page = await openMap();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('reads "library near S1 2HE" typed in the words box as libraries near that postcode', async () => {
    const words = page.getByLabel('What are you looking for?');
    await words.fill(`library near ${SHEFFIELD}`);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => new URL(page.url()).search, { timeout: 30_000 }).toBe(`?q=library&place=${SHEFFIELD.replace(' ', '+')}`);
    // The form shows the search as it was read: the words, and the place in the Near box.
    await expect(words.inputValue()).resolves.toBe('library');
    await expect(page.getByLabel('Near (postcode or area)').inputValue()).resolves.toBe(SHEFFIELD);
    await page
      .getByTestId('search-where')
      .filter({ hasText: `Searching near ${SHEFFIELD}` })
      .waitFor({ timeout: 60_000 });

    const api = await apiSearch(baseUrl, { q: 'library', postcode: SHEFFIELD });
    expect(api.total).toBeGreaterThan(0);
    await expect(settledCount(page)).resolves.toMatch(countWords(api.total));
    await expect(listIds(page)).resolves.toEqual(api.results.map((r) => r.id));
    await shot(page, '1-cafe-near');
  });

  it('narrows a search with the open-now, wheelchair and free filters, each as the API does', async () => {
    // The shipped data says little about access and cost near any one place, so a worker has
    // listed four places here, one word in common, each with some of the three.
    const words = page.getByLabel('What are you looking for?');
    await words.fill(WORD);
    await page.getByLabel('Near (postcode or area)').fill(GLOUCESTER);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page
      .getByTestId('search-where')
      .filter({ hasText: `Searching near ${GLOUCESTER}` })
      .waitFor({ timeout: 60_000 });
    await expect(settledCount(page)).resolves.toMatch(/^4 places found/);
    await expect(page.locator('[data-result-id]').count()).resolves.toBe(4);

    const filters = [
      { label: 'Wheelchair accessible', url: 'wheelchair=1', api: { wheelchair: 'yes' }, expected: ['A', 'B'] },
      { label: 'Free', url: 'free=1', api: { free: 'true' }, expected: ['A', 'C'] },
      { label: 'Open now', url: 'open=1', api: { open_now: 'true' }, expected: ['A', 'D'] },
    ] as const;
    for (const filter of filters) {
      const box = page.getByRole('checkbox', { name: filter.label, exact: true });
      await box.check();
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(() => page.url(), { timeout: 30_000 }).toContain(filter.url);
      await expect.poll(() => page.getByTestId('search-count').textContent(), { timeout: 60_000 }).toMatch(/^2 places found/);
      const shown = (await page.locator('[data-result-id]').allTextContents()).map((t) => /Filter place ([A-D])/.exec(t)?.[1]).sort();
      expect(shown, filter.label).toEqual([...filter.expected]);
      // The same as the API answers for the same search.
      const api = await apiSearch(baseUrl, { q: WORD, postcode: GLOUCESTER, ...filter.api });
      await expect(listIds(page)).resolves.toEqual(api.results.map((r) => r.id));
      if (filter.label === 'Open now') {
        // Each place listed says it is open, as the list reads its hours.
        await expect
          .poll(async () => (await page.locator('[data-result-id]').allTextContents()).filter((t) => t.includes('Open now')).length, { timeout: 30_000 })
          .toBe(2);
      }
      await shot(page, `2-${filter.url.replace('=1', '')}`);
      // The filter stays ticked with the search it made, and the address keeps it for a reload.
      await page.reload();
      await expect(page.getByRole('checkbox', { name: filter.label, exact: true }).isChecked()).resolves.toBe(true);
      await expect.poll(() => page.getByTestId('search-count').textContent(), { timeout: 60_000 }).toMatch(/^2 places found/);
      await page.getByRole('checkbox', { name: filter.label, exact: true }).uncheck();
    }
    // All three together: only the place that is all three.
    for (const filter of filters) await page.getByRole('checkbox', { name: filter.label, exact: true }).check();
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByTestId('search-count').textContent(), { timeout: 60_000 }).toMatch(/^1 place found/);
    await expect(page.locator('[data-result-id]').textContent()).resolves.toContain('Filter place A');
  });

  it('exports every result of the search on screen, filters included, from the export menu', async () => {
    await page.goto(`${baseUrl}/?q=${WORD}&place=${encodeURIComponent(GLOUCESTER)}&wheelchair=1`);
    const api = await apiSearch(baseUrl, { q: WORD, postcode: GLOUCESTER, wheelchair: 'yes' });
    expect(api.total).toBe(2);
    await expect.poll(() => page.getByTestId('search-count').textContent(), { timeout: 60_000 }).toMatch(/^2 places found/);
    const menu = page.getByTestId('export-menu');
    await menu.getByText('Export these 2 results').click();
    await expect(menu.getByRole('list', { name: 'Export formats' }).getByRole('link').allTextContents()).resolves.toEqual([
      'CSV',
      'GeoJSON',
      'Open Referral (HSDS 3.0) JSON',
    ]);
    await expect(menu.getByText(/Each row carries its licence and attribution/).count()).resolves.toBe(1);
    await shot(page, '3-export-menu');

    // The GeoJSON file: the results of the search, filter included, each with its licence.
    const [geojson] = await Promise.all([page.waitForEvent('download'), menu.getByTestId('export-geojson').click()]);
    const collection = JSON.parse(readFileSync((await geojson.path()) ?? '', 'utf8')) as {
      features: { properties: { id: string; name: string; wheelchair: string | null; licence: string; attribution: string } }[];
    };
    expect(collection.features.map((f) => f.properties.name).sort()).toEqual([`${WORD} Filter place A`, `${WORD} Filter place B`]);
    expect(collection.features.every((f) => f.properties.wheelchair === 'yes' && f.properties.licence && f.properties.attribution)).toBe(true);

    // The CSV file: a header of the documented columns, and a row per result.
    const [csv] = await Promise.all([page.waitForEvent('download'), menu.getByTestId('export-csv').click()]);
    const text = readFileSync((await csv.path()) ?? '', 'utf8');
    const header = text
      .split(/\r?\n/, 1)[0]!
      .replace(/^\uFEFF/, '')
      .split(',');
    expect(header).toEqual(expect.arrayContaining(['id', 'name', 'wheelchair', 'licence', 'attribution']));
    for (const r of api.results) expect(text).toContain(r.id);
    expect(text).not.toContain(`${WORD} Filter place C`);
  });

  it('"Search this area" searches where the map has been moved to, and leaves the map there', async () => {
    const fresh = await openMap();
    const suggestion = SuggestResults.parse(await (await fetch(`${baseUrl}/api/suggest?q=${encodeURIComponent(SHEFFIELD)}&limit=5`)).json()).suggestions.find(
      (s) => s.kind === 'place',
    );
    if (suggestion?.kind !== 'place') throw new Error(`No place suggested for ${SHEFFIELD}`);
    const centre = suggestion.location.coordinates;
    await fresh.evaluate(
      (c) =>
        new Promise<void>((resolve) => {
          const map = (window as unknown as MapWindow).__commonGround.map;
          map.once('idle', () => resolve());
          map.jumpTo({ center: c, zoom: 16 });
        }),
      centre,
    );
    await fresh.getByRole('button', { name: 'Search this area' }).click();
    await expect.poll(() => new URL(fresh.url()).searchParams.get('bbox'), { timeout: 30_000 }).toMatch(/^-?\d+\.\d+(,-?\d+\.\d+){3}$/);
    const bbox = new URL(fresh.url()).searchParams.get('bbox')!.split(',').map(Number) as [number, number, number, number];
    // The box is the map's view: around the centre it was moved to.
    expect(bbox[0]).toBeLessThan(centre[0]);
    expect(bbox[2]).toBeGreaterThan(centre[0]);
    expect(bbox[1]).toBeLessThan(centre[1]);
    expect(bbox[3]).toBeGreaterThan(centre[1]);

    await fresh.getByTestId('search-where').filter({ hasText: 'Searching this area of the map' }).waitFor({ timeout: 60_000 });
    const api = await apiSearch(baseUrl, { bbox: bbox.join(',') });
    expect(api.total).toBeGreaterThan(0);
    await expect(settledCount(fresh)).resolves.toMatch(new RegExp(`${countWords(api.total).source.slice(1)} in this area`));
    await expect(listIds(fresh)).resolves.toEqual(api.results.map((r) => r.id));
    for (const r of api.results) {
      const [lon, lat] = r.location.coordinates;
      expect(lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3]).toBe(true);
    }
    // The map stays where the person put it (it does not jump to fit the results).
    const now = await fresh.evaluate(() => {
      const c = (window as unknown as MapWindow).__commonGround.map.getCenter();
      return [c.lng, c.lat];
    });
    expect(Math.abs(now[0]! - centre[0])).toBeLessThan(0.001);
    expect(Math.abs(now[1]! - centre[1])).toBeLessThan(0.001);
    await shot(fresh, '4-search-this-area');
    await fresh.context().close();
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
