import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';
import { ARTIFACTS, axeViolations } from './session-helpers.js';

/*
 * The Gaps view in headless Chromium on the embedded database, which has no stored
 * provision figures: they are worked out in memory for each answer (the national cuts need
 * every LSOA's). Choose a category and the ward, see the table and the 3 × 3 key, sort by a
 * column with the keyboard, open a row's profile; axe; a phone-width layout.
 */

/** A Gloucester ward in the shipped IoD lookup (the ward of GL1 2TG). */
const WARD = 'E05010967';

describe.skipIf(!hasBrowser())('the Gaps view in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  async function shot(p: Page, name: string): Promise<void> {
    await p.screenshot({ path: path.join(ARTIFACTS, `gaps-${name}.png`), fullPage: true });
  }

  /** The numbers in one column of the table, top to bottom. */
  async function column(p: Page, index: number): Promise<number[]> {
    const cells = await p.locator(`[data-testid="gaps-table"] tbody tr > :nth-child(${index})`).allTextContents();
    return cells.map((t) => Number(t.replace(/,/g, '')));
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    // bypassCSP: axe-core is injected as an inline script, which the app's policy forbids.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // A 503 is the gap computations' "busy, try again shortly", which the app retries (lib/retry-when-busy.ts).
      if (m.type() === 'error' && !m.text().includes('status of 503')) errors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('all of England without stored figures: the equity panel and the list are worked out for the answer', async () => {
    await page.goto(`${baseUrl}/gaps?category=gp-practice`);
    await page.getByTestId('equity-panel').waitFor({ timeout: 150_000 });
    await expect(page.getByTestId('equity-sentence').textContent()).resolves.toMatch(/Concentration index|gradient/);
    await page.getByTestId('gaps-table').waitFor({ timeout: 150_000 });
    await expect(page.getByTestId('gaps-thresholds').textContent()).resolves.toMatch(/Urban: .* or farther/);
  });

  it('a category and a ward: the ranked table, the 3 × 3 key, and the classes joined onto the map', async () => {
    await page.getByLabel('Category').selectOption('library');
    await page.getByLabel(/^Area/).fill(WARD);
    await page.getByLabel(/^Area/).press('Enter');
    const table = page.getByTestId('gaps-table');
    // The national cuts need England's library figures, worked out in memory on this database.
    await table.waitFor({ timeout: 170_000 });
    expect(new URL(page.url()).search).toBe(`?category=library&area=${WARD}`);
    const rows = await table.locator('tbody tr').count();
    expect(rows).toBeGreaterThan(1);
    await expect(page.getByTestId('gaps-summary').textContent()).resolves.toMatch(new RegExp(`of ${rows} LSOAs in .* are flagged`));
    // Every row explains its main figure in words.
    await expect(table.locator('tbody th .small').first().textContent()).resolves.toMatch(/libraries/);

    const legend = page.getByTestId('gaps-legend');
    await legend.waitFor();
    await expect(legend.getByRole('columnheader', { name: 'Thin' }).count()).resolves.toBe(1);
    await expect(legend.getByRole('rowheader', { name: /Most deprived/ }).count()).resolves.toBe(1);
    const counted = (await legend.locator('td').allTextContents()).reduce((sum, t) => sum + Number(t.replace(/\D/g, '') || 0), 0);
    const noData = Number((await legend.textContent())!.match(/No data or no decile: (\d+)/)![1]);
    expect(counted + noData).toBe(rows);
    // The layer reached the map: one feature-state per LSOA of the ward.
    await page.waitForFunction((n) => document.body.dataset.gapsLayer === String(n), rows, { timeout: 60_000 });

    await expect(page.getByRole('link', { name: 'Download every row as CSV' }).getAttribute('href')).resolves.toBe(
      `/api/gaps?category=library&area=${WARD}&sort=priority&order=asc&format=csv`,
    );
    await shot(page, 'ward');
  });

  it('sorts by a column with the keyboard, both ways, with aria-sort on the header', async () => {
    const people = page.getByRole('button', { name: /^People/ });
    await people.focus();
    await page.keyboard.press('Enter');
    const header = page.locator('th[aria-sort]');
    await expect.poll(() => header.textContent()).toMatch(/^People/);
    await expect(header.getAttribute('aria-sort')).resolves.toBe('descending');
    await expect.poll(() => new URL(page.url()).searchParams.get('order')).toBe('desc');
    await page.getByTestId('gaps-table').waitFor();
    const down = await column(page, 3);
    expect(down).toEqual([...down].sort((a, b) => b - a));

    await page.getByRole('button', { name: /^People/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await expect
      .poll(async () => {
        const up = await column(page, 3);
        return up.length > 1 && up.every((v, i) => i === 0 || up[i - 1]! <= v);
      })
      .toBe(true);
  });

  it('Enter on a row opens its profile with its figures in words, and marks the row', async () => {
    const first = page.getByTestId('gaps-table').locator('tbody th button').first();
    const name = (await first.textContent())!;
    await first.focus();
    await page.keyboard.press('Enter');
    const panel = page.getByTestId('area-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByRole('heading', { level: 2 }).textContent()).toBe(name);
    const sentence = panel.getByTestId('gap-profile-sentence');
    await sentence.waitFor();
    await expect(sentence.textContent()).resolves.toMatch(/libraries/);
    await expect(panel.getByTestId('gap-profile').textContent()).resolves.toMatch(/Flagged|Not flagged/);
    expect(new URL(page.url()).searchParams.get('lsoa')).toMatch(/^E01/);
    await expect(page.locator('[data-testid="gaps-table"] tbody tr[aria-current="true"]').count()).resolves.toBe(1);
    await shot(page, 'profile');
  });

  it('axe finds nothing serious or critical', async () => {
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('on a phone the table comes below the map', async () => {
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await phone.goto(`${baseUrl}/gaps?category=library&area=${WARD}`);
    await phone.getByTestId('gaps-table').waitFor({ timeout: 170_000 });
    const map = (await phone.getByTestId('gaps-map').boundingBox())!;
    const table = (await phone.getByTestId('gaps-table').boundingBox())!;
    expect(map.width).toBeGreaterThan(350);
    expect(table.y).toBeGreaterThan(map.y + map.height);
    await shot(phone, 'phone');
  });
});
