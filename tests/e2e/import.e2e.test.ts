import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SearchResults } from '@common-ground/schema';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';
import { ARTIFACTS, axeViolations, signInThroughDialog } from './session-helpers.js';

/*
 * A curator (the e2e admin, who may import anywhere), in headless Chromium against the real product, imports a small CSV on
 * the upload screen: chooses the file and says whose data it is, is offered the column
 * mapping with the obvious columns already chosen, checks the file, imports it, and then
 * finds the new asset by search.
 */

describe.skipIf(!hasBrowser())('importing a CSV on the upload screen in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  const admin = inject('admin');
  const stamp = Date.now();
  const hallName = `Quillfeather community hall ${stamp}`;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // The first check of a CSV is answered 400 mapping_required on purpose (the browser logs it).
      if (m.type() === 'error' && !m.text().includes('status of 400')) errors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('checks and imports a CSV, then the asset is found by search', async () => {
    await page.goto(baseUrl);
    await signInThroughDialog(page, admin.email, admin.password);
    await page.getByTestId('account-bar').getByRole('link', { name: 'Import assets' }).click();
    await page.getByTestId('import-form').waitFor();

    const form = page.getByTestId('import-form');
    await form.getByLabel('File', { exact: true }).setInputFiles({
      name: 'halls.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`Site name,Postcode,Telephone\n${hallName},GL1 2TG,01452 000000\n`),
    });
    await form.getByLabel('Source name').fill('E2E halls list');
    await form.getByLabel('Licence').fill('OGL-UK-3.0');
    await form.getByLabel('Default category').selectOption('community');
    await form.getByRole('button', { name: 'Check' }).click();

    // A CSV: the mapping step, with the obvious columns chosen from the header the API reported.
    const mapping = page.getByTestId('import-mapping');
    await mapping.waitFor();
    await expect(page.getByTestId('import-error').textContent()).resolves.toMatch(/CSV file/);
    await expect(mapping.getByLabel('Name').inputValue()).resolves.toBe('Site name');
    await expect(mapping.getByLabel('Postcode').inputValue()).resolves.toBe('Postcode');
    await expect(mapping.getByLabel('Phone').inputValue()).resolves.toBe('Telephone');
    await form.getByRole('button', { name: 'Check' }).click();

    const report = page.getByTestId('import-report');
    await report.waitFor();
    await expect(page.getByTestId('import-counts').textContent()).resolves.toBe('1 record: 1 added, 0 updated, 0 merged, 0 unchanged, 0 rejected.');
    await expect(report.locator('tbody tr').first().textContent()).resolves.toContain(hallName);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'import-checked.png'), fullPage: true });

    await report.getByRole('button', { name: 'Import 1 record' }).click();
    await expect(
      page
        .getByTestId('import-status')
        .getByText(/^Imported: 1 added/)
        .waitFor(),
    ).resolves.toBeUndefined();

    const found = SearchResults.parse(await (await fetch(`${baseUrl}/api/search?q=${encodeURIComponent(hallName)}`)).json());
    expect(found.results.map((r) => r.name)).toContain(hallName);
    await page.goto(`${baseUrl}/?q=${encodeURIComponent(hallName)}`);
    await page.getByTestId('search-results').getByText(hallName).first().waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });
});
