import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SearchResults, SuggestResults, type Suggestion } from '@common-ground/schema';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';

const ARTIFACTS = path.join(import.meta.dirname, '..', '.artifacts');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** What the page exposes (map.e2e.test.ts declares the global; here it is read through a cast). */
interface PageWindow {
  __commonGround?: {
    map: {
      queryRenderedFeatures(geometry?: undefined, options?: { layers?: string[] }): { properties: Record<string, unknown> }[];
      getStyle(): { layers: { id: string; source?: string }[] };
      loaded(): boolean;
      getCenter(): { lng: number; lat: number };
      areTilesLoaded(): boolean;
      once(event: string, fn: () => void): void;
    };
  };
  axe?: {
    run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
  };
}

async function waitForIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (window as unknown as PageWindow).__commonGround!.map;
        if (map.loaded() && map.areTilesLoaded()) resolve();
        else map.once('idle', () => resolve());
      }),
  );
}

/** Ids of the search results drawn on the map (the layers fed by the results' GeoJSON source). */
async function markerIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = (window as unknown as PageWindow).__commonGround!.map;
    const layers = map
      .getStyle()
      .layers.filter((l) => l.source === 'search-results')
      .map((l) => l.id);
    const ids = map.queryRenderedFeatures(undefined, { layers: [layers[0]!] }).map((f) => String(f.properties.id));
    return [...new Set(ids)].sort();
  });
}

async function highlightedMarkerIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = (window as unknown as PageWindow).__commonGround!.map;
    const layers = map
      .getStyle()
      .layers.filter((l) => l.source === 'search-results')
      .map((l) => l.id);
    return map.queryRenderedFeatures(undefined, { layers: [layers[1]!] }).map((f) => String(f.properties.id));
  });
}

async function listIds(page: Page): Promise<string[]> {
  return page.locator('[data-result-id]').evaluateAll((items) => items.map((i) => i.getAttribute('data-result-id') ?? ''));
}

/** What the API answers for a search (query string as the API takes it), parsed with the shared schema. */
async function apiSearch(baseUrl: string, query: string): Promise<SearchResults> {
  return SearchResults.parse(await (await fetch(`${baseUrl}/api/search?${query}`)).json());
}

async function apiSuggest(baseUrl: string, q: string): Promise<Suggestion[]> {
  return SuggestResults.parse(await (await fetch(`${baseUrl}/api/suggest?q=${encodeURIComponent(q)}&limit=5`)).json()).suggestions;
}

/** The text of the option a combobox shows as active (aria-activedescendant), or null. */
async function activeOptionText(page: Page, comboboxName: string): Promise<string | null> {
  const id = await page.getByRole('combobox', { name: comboboxName }).getAttribute('aria-activedescendant');
  if (!id) return null;
  expect(await page.locator(`[id="${id}"]`).getAttribute('aria-selected')).toBe('true');
  return page.locator(`[id="${id}"]`).textContent();
}

/** Serious and critical WCAG violations axe-core finds on the page as it stands. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as PageWindow).axe!.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

describe.skipIf(!hasBrowser())('finding help in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  let searchUrl = '';
  let searchIds: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    // axe-core is injected as an inline script, which the app's content-security policy forbids.
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** A new page on the app at `path`, its page errors collected, once the map is ready. */
  async function openMapPage(path = ''): Promise<Page> {
    // bypassCSP: axe-core is injected as an inline script, which the app's policy forbids.
    const opened = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
    opened.on('pageerror', (e) => errors.push(e.message));
    await opened.goto(`${baseUrl}${path}`);
    await opened.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, { timeout: 120_000 });
    return opened;
  }

  it('finds food support near M1, with the list and the map markers agreeing', async () => {
    await page.goto(baseUrl);
    await page.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, { timeout: 120_000 });
    await page.getByLabel('What are you looking for?').fill('food');
    await page.getByLabel('Near (postcode or area)').fill('M1');
    await page.getByLabel('Category').selectOption('food');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByTestId('search-results').waitFor({ timeout: 30_000 });

    const api = SearchResults.parse(await (await fetch(`${baseUrl}/api/search?q=food&postcode=M1&category=food&page_size=20`)).json());
    expect(api.total).toBeGreaterThan(0);
    searchIds = await listIds(page);
    expect(searchIds).toEqual(api.results.map((r) => r.id));
    await expect(page.getByTestId('search-count').textContent()).resolves.toContain(`${api.total} place`);
    expect(page.url()).toContain('q=food');
    expect(page.url()).toContain('category=food');

    await waitForIdle(page);
    expect(await markerIds(page)).toEqual([...searchIds].sort());

    // Hovering a result highlights its marker.
    await page.locator('[data-result-id]').nth(0).hover();
    await waitForIdle(page);
    expect(await highlightedMarkerIds(page)).toEqual([searchIds[0]]);
    searchUrl = page.url();
    await page.screenshot({ path: path.join(ARTIFACTS, 'search.png') });
  });

  it('has no serious or critical accessibility violations on the main view', async () => {
    expect(await axeViolations(page)).toEqual([]);
  });

  it('opens an asset page at a shareable URL and Back restores the search view', async () => {
    const first = page.locator('[data-result-id] a').first();
    const name = (await first.textContent())?.trim();
    await first.click();
    const assetPage = page.getByTestId('asset-page');
    await assetPage.waitFor();
    expect(new URL(page.url()).pathname).toBe(`/assets/${searchIds[0]}`);
    await page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 15_000 });
    expect(await assetPage.textContent()).toContain('Where this comes from');
    await page.screenshot({ path: path.join(ARTIFACTS, 'asset-page.png') });
    expect(await axeViolations(page)).toEqual([]);

    await page.goBack();
    await assetPage.waitFor({ state: 'detached' });
    expect(page.url()).toBe(searchUrl);
    expect(await listIds(page)).toEqual(searchIds);
    // Focus returns to the result that was opened.
    expect(await page.evaluate(() => document.activeElement?.closest('[data-result-id]')?.getAttribute('data-result-id'))).toBe(searchIds[0]);
  });

  it('reproduces the search from a shared link', async () => {
    const other = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await other.goto(searchUrl);
      await other.getByTestId('search-results').waitFor({ timeout: 60_000 });
      expect(await listIds(other)).toEqual(searchIds);
      await expect(other.getByLabel('Near (postcode or area)').inputValue()).resolves.toBe('M1');
    } finally {
      await other.close();
    }
  });

  it('works by keyboard alone: search box, Enter, a result, Enter opens its page', async () => {
    const keyboardPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await keyboardPage.goto(baseUrl);
      await keyboardPage.waitForFunction(() => document.body.dataset.mapReady === 'true', undefined, { timeout: 120_000 });
      const focusedLabel = () =>
        keyboardPage.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return el?.labels?.[0]?.textContent ?? el?.getAttribute('data-result-link') ?? el?.tagName ?? '';
        });
      // The first Tab stop is "Skip to the map" (issue 17); the search box comes next.
      await keyboardPage.keyboard.press('Tab');
      expect(await keyboardPage.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to the map');
      await keyboardPage.keyboard.press('Tab');
      expect(await focusedLabel()).toBe('What are you looking for?');
      await keyboardPage.keyboard.type('food');
      await keyboardPage.keyboard.press('Tab');
      expect(await focusedLabel()).toBe('Near (postcode or area)');
      await keyboardPage.keyboard.type('M1');
      await keyboardPage.keyboard.press('Enter');
      await keyboardPage.getByTestId('search-results').waitFor({ timeout: 30_000 });

      let onResult = false;
      for (let i = 0; i < 15 && !onResult; i++) {
        await keyboardPage.keyboard.press('Tab');
        onResult = await keyboardPage.evaluate(() => Boolean(document.activeElement?.closest('[data-result-id]')));
      }
      expect(onResult).toBe(true);
      const id = await keyboardPage.evaluate(() => document.activeElement?.closest('[data-result-id]')?.getAttribute('data-result-id'));
      await keyboardPage.keyboard.press('Enter');
      await keyboardPage.getByTestId('asset-page').waitFor();
      expect(new URL(keyboardPage.url()).pathname).toBe(`/assets/${id}`);
      // Focus moved to the page's heading, so a screen reader announces the place.
      expect(await keyboardPage.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    } finally {
      await keyboardPage.close();
    }
  });

  it('suggests as you type, grouped and counted, and Down then Enter chooses a category', async () => {
    const typed = 'food b';
    const expected = await apiSuggest(baseUrl, typed);
    const category = expected.find((s) => s.kind === 'category');
    expect(category).toBeDefined();
    const suggestPage = await openMapPage();
    try {
      const box = suggestPage.getByRole('combobox', { name: 'What are you looking for?' });
      await box.click();
      await box.pressSequentially(typed, { delay: 60 });
      const listbox = suggestPage.getByRole('listbox', { name: 'Suggestions for what you are looking for' });
      await listbox.waitFor({ timeout: 15_000 });
      expect(await box.getAttribute('aria-expanded')).toBe('true');
      expect(await box.getAttribute('aria-controls')).toBe(await listbox.getAttribute('id'));
      // Grouped, categories first, with every suggestion the API gave.
      const groupLabels = await listbox
        .getByRole('group')
        .evaluateAll((groups) => groups.map((g) => document.getElementById(g.getAttribute('aria-labelledby') ?? '')?.textContent));
      expect(groupLabels[0]).toBe('Categories');
      expect(await listbox.getByRole('option').count()).toBe(expected.length);
      // Screen readers hear how many there are.
      await suggestPage.waitForFunction(
        (n) => Array.from(document.querySelectorAll('.combobox [role="status"]')).some((s) => s.textContent?.startsWith(`${n} suggestion`)),
        expected.length,
      );
      await suggestPage.screenshot({ path: path.join(ARTIFACTS, 'suggestions.png') });
      expect(await axeViolations(suggestPage)).toEqual([]);

      await suggestPage.keyboard.press('ArrowDown');
      expect(await activeOptionText(suggestPage, 'What are you looking for?')).toContain(category!.label);
      await suggestPage.keyboard.press('Enter');
      const code = category!.kind === 'category' ? category!.code : '';
      await suggestPage.waitForURL((url) => url.searchParams.get('category') === code);
      await suggestPage.getByTestId('search-results').waitFor({ timeout: 30_000 });
      const api = await apiSearch(baseUrl, `category=${code}&page_size=20`);
      expect(await listIds(suggestPage)).toEqual(api.results.map((r) => r.id));
      // The words were typed only to find the category, so they are not searched for too.
      expect(new URL(suggestPage.url()).searchParams.get('q')).toBeNull();
      expect(await box.inputValue()).toBe('');
      expect(await box.getAttribute('aria-expanded')).toBe('false');
    } finally {
      await suggestPage.close();
    }
  });

  it('searches in an area chosen from the place box: the map fits it and the heading names it', async () => {
    const typed = 'sheffiel';
    const place = (await apiSuggest(baseUrl, typed)).find((s) => s.kind === 'place');
    expect(place).toMatchObject({ placeKind: 'local_authority' });
    const code = place!.kind === 'place' ? place!.value : '';
    const areaPage = await openMapPage();
    try {
      const box = areaPage.getByRole('combobox', { name: 'Near (postcode or area)' });
      await box.click();
      await box.pressSequentially(typed, { delay: 60 });
      const listbox = areaPage.getByRole('listbox', { name: 'Postcodes and areas' });
      await listbox.waitFor({ timeout: 15_000 });
      // Only places here: no categories or assets.
      expect(await listbox.getByRole('group').count()).toBe(1);
      expect(await axeViolations(areaPage)).toEqual([]);

      await areaPage.keyboard.press('ArrowDown');
      expect(await activeOptionText(areaPage, 'Near (postcode or area)')).toContain(place!.label);
      await areaPage.keyboard.press('Enter');
      await areaPage.waitForURL((url) => url.searchParams.get('area') === code);
      await areaPage.getByTestId('search-results').waitFor({ timeout: 30_000 });
      const api = await apiSearch(baseUrl, `area=${code}&page_size=20`);
      expect(api.place?.bbox).not.toBeNull();
      expect(await listIds(areaPage)).toEqual(api.results.map((r) => r.id));
      expect(await areaPage.getByTestId('search-where').textContent()).toBe(`Searching in ${api.place!.label}`);
      await expect(areaPage.getByTestId('search-count').textContent()).resolves.toContain(`${api.total} places found in ${api.place!.label}`);
      // The field names the area; the address holds its code.
      expect(await box.inputValue()).toBe(place!.label);
      await waitForIdle(areaPage);
      const [west, south, east, north] = api.place!.bbox!;
      const centre = await areaPage.evaluate(() => (window as unknown as PageWindow).__commonGround!.map.getCenter());
      expect(centre.lng).toBeGreaterThan(west - (east - west));
      expect(centre.lng).toBeLessThan(east);
      expect(centre.lat).toBeGreaterThan(south);
      expect(centre.lat).toBeLessThan(north);
      await areaPage.screenshot({ path: path.join(ARTIFACTS, 'area-search.png') });

      // A name typed and Enter pressed, without choosing, searches that area by name.
      const name = 'Sheffield 001A';
      await box.fill(name);
      await box.press('Enter');
      await areaPage.waitForURL((url) => url.searchParams.get('area') === name);
      await areaPage.waitForFunction(() => !document.querySelector('[data-testid="search-count"]')?.textContent?.startsWith('Searching'));
      const byName = await apiSearch(baseUrl, `area=${encodeURIComponent(name)}&page_size=20`);
      expect(byName.place?.kind).toBe('lsoa');
      expect(await listIds(areaPage)).toEqual(byName.results.map((r) => r.id));
    } finally {
      await areaPage.close();
    }
  });

  it('shows more results on request, moving focus to the first new one, with list and markers agreeing', async () => {
    const query = 'area=E08000019';
    const first = await apiSearch(baseUrl, `${query}&page_size=20`);
    expect(first.total).toBeGreaterThan(40);
    const morePage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    morePage.on('pageerror', (e) => errors.push(e.message));
    try {
      await morePage.goto(`${baseUrl}/?${query}`);
      await morePage.getByTestId('search-results').waitFor({ timeout: 60_000 });
      expect(await listIds(morePage)).toEqual(first.results.map((r) => r.id));
      const more = morePage.getByTestId('search-more');
      await more.focus();
      await morePage.keyboard.press('Enter');
      await morePage.waitForFunction(() => document.querySelectorAll('[data-result-id]').length > 20, undefined, { timeout: 30_000 });
      const two = await apiSearch(baseUrl, `${query}&page_size=40`);
      const ids = await listIds(morePage);
      expect(ids).toEqual(two.results.map((r) => r.id));
      expect(await morePage.evaluate(() => document.activeElement?.closest('[data-result-id]')?.getAttribute('data-result-id'))).toBe(ids[20]);
      await expect(morePage.getByTestId('search-count').textContent()).resolves.toContain('(showing 40)');
      expect(new URL(morePage.url()).searchParams.get('pages')).toBe('2');
      await waitForIdle(morePage);
      expect(await markerIds(morePage)).toEqual([...ids].sort());

      // The address keeps the pages shown, so a reload (or a shared link) shows as much.
      await morePage.reload();
      await morePage.waitForFunction(() => document.querySelectorAll('[data-result-id]').length === 40, undefined, { timeout: 60_000 });
      expect(await listIds(morePage)).toEqual(ids);
    } finally {
      await morePage.close();
    }
  });

  it('shows an unknown postcode’s problem next to the place field', async () => {
    await page.goto(baseUrl);
    await page.getByLabel('Near (postcode or area)').fill('ZZ99');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const place = page.getByLabel('Near (postcode or area)');
    await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]') !== null, undefined, { timeout: 15_000 });
    const describedBy = await place.getAttribute('aria-describedby');
    expect(describedBy).toBeTruthy();
    expect(await page.locator(`[id="${describedBy}"]`).textContent()).toMatch(/ZZ99/i);
  });

  it('serves /embed: the same results as map and list, with no side chrome, details opening on our site', async () => {
    const embed = await browser.newPage({ viewport: { width: 800, height: 600 }, bypassCSP: true });
    try {
      await embed.goto(`${baseUrl}/embed?q=food&place=M1&category=food`);
      await embed.getByTestId('search-results').waitFor({ timeout: 60_000 });
      expect(await listIds(embed)).toEqual(searchIds);
      expect(await embed.locator('.map-key').count()).toBe(0);
      expect(await embed.getByLabel('What are you looking for?').count()).toBe(0);
      const link = embed.locator('[data-result-id] a').first();
      expect(await link.getAttribute('target')).toBe('_blank');
      expect(await link.getAttribute('href')).toBe(`${baseUrl}/assets/${searchIds[0]}`);
      await embed.screenshot({ path: path.join(ARTIFACTS, 'embed.png') });
      expect(await axeViolations(embed)).toEqual([]);
    } finally {
      await embed.close();
    }
  });

  it('ran without page errors', () => {
    // The unknown-postcode test's 400 is expected and is reported to the user.
    expect(errors.filter((e) => !/favicon|status of 400/i.test(e))).toEqual([]);
  });
});
