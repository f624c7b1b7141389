import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPO_ROOT } from '@common-ground/api/testing';
import { NeedMeasureList } from '@common-ground/schema';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';
import { apiSession, ARTIFACTS, axeViolations, signInThroughDialog } from './session-helpers.js';

/*
 * A community worker loads a need measure of their own from a CSV at /needs, in headless
 * Chromium against the real product: a file with mistakes is refused line by line, a good one
 * is checked (a summary), loaded, listed, kept from the public, and deleted.
 */

const PASSWORD = 'correct horse battery staple';

/** The first `n` 2021 LSOA codes in England, from the shipped ONS centroids (as a worker's file would hold). */
function lsoaCodes(n: number): string[] {
  const text = gunzipSync(readFileSync(path.join(REPO_ROOT, 'data/boundaries/lsoa21_pop_weighted_centroids_ew_v3.csv.gz'))).toString('utf8');
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0] ?? '')
    .filter((code) => code.startsWith('E01'))
    .slice(0, n);
}

describe.skipIf(!hasBrowser())('loading a need measure in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  const admin = inject('admin');
  const stamp = Date.now();
  const worker = { email: `e2e-needs-worker-${stamp}@example.org`, name: `Nadia Needs ${stamp}` };
  const measureName = `Fuel poverty ${stamp}`;
  let browser: Browser;
  let page: Page;
  let workerApi: Awaited<ReturnType<typeof apiSession>>;
  const errors: string[] = [];

  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(ARTIFACTS, `needs-${name}.png`), fullPage: true });
  const csv = (rows: string[][]) => Buffer.from(['lsoa21cd,value', ...rows.map((r) => r.join(','))].join('\n') + '\n');

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    workerApi = await apiSession(baseUrl, '/api/auth/register', { email: worker.email, password: PASSWORD, displayName: worker.name });
    const adminApi = await apiSession(baseUrl, '/api/auth/sign-in', admin);
    expect((await adminApi.send('PUT', `/api/admin/users/${workerApi.me.user.id}/role`, { role: 'worker' })).status).toBe(200);

    browser = await launchBrowser();
    // bypassCSP: axe-core is injected as an inline script, which the app's policy forbids.
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // The refused file's 400 is logged by the browser on purpose; a 503 is the server shedding
      // load on a busy machine.
      if (m.type() === 'error' && !/status of (400|503)/.test(m.text())) errors.push(m.text());
    });
    await page.goto(baseUrl);
    await signInThroughDialog(page, worker.email, PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a file with mistakes, naming each line and column', async () => {
    await page.getByTestId('account-bar').getByRole('link', { name: 'Need measures' }).click();
    const upload = page.getByTestId('need-upload');
    await upload.waitFor();
    const codes = lsoaCodes(12);
    const rows = codes.map((code, i) => [code, String(i + 1)]);
    rows[1] = ['E1 6AN', '4'];
    rows[2] = [codes[2]!, 'n/a'];
    await upload.getByLabel('CSV file').setInputFiles({ name: 'mistakes.csv', mimeType: 'text/csv', buffer: csv(rows) });
    await upload.getByLabel('Name', { exact: true }).fill(measureName);
    await upload.getByRole('button', { name: 'Check the file' }).click();
    const issues = upload.getByTestId('need-file-issues');
    await issues.waitFor({ timeout: 60_000 });
    await expect(issues.textContent()).resolves.toContain('line 3, column "lsoa21cd": "E1 6AN" is not an LSOA code');
    await expect(issues.textContent()).resolves.toContain('line 4, column "value": "n/a" is not a number');
    await upload.getByText('The file has problems: see the list below.').waitFor();
    await expect(upload.getByTestId('need-summary').count()).resolves.toBe(0);
    await shot(page, '1-mistakes');
  });

  it('checks a good file, shows what it holds, loads it for workers only, and deletes it', async () => {
    const upload = page.getByTestId('need-upload');
    const codes = lsoaCodes(40);
    await upload
      .getByLabel('CSV file')
      .setInputFiles({ name: 'fuel-poverty.csv', mimeType: 'text/csv', buffer: csv(codes.map((code, i) => [code, (i * 0.5).toFixed(1)])) });
    await expect(upload.getByTestId('need-file-issues').count()).resolves.toBe(0);
    await upload.getByLabel('Source and licence').fill('E2E figures, 2026, OGL');
    await upload.getByRole('button', { name: 'Check the file' }).click();
    const summary = upload.getByTestId('need-summary');
    await summary.waitFor({ timeout: 60_000 });
    const lines = await summary.locator('li').allTextContents();
    expect(lines[0]).toMatch(/^40 LSOAs, 0\.1% of England's 33,755; every code is a 2021 LSOA in England\.$/);
    expect(lines[1]).toBe('Codes from the column “lsoa21cd”, values from “value”.');
    expect(lines[2]).toBe('Values from 0 to 19.5; higher means more need.');
    await shot(page, '2-checked');
    expect(await axeViolations(page)).toEqual([]);
    // Checked is not loaded.
    const before = NeedMeasureList.parse(await (await workerApi.get('/api/need-measures')).json()).measures;
    expect(before.some((m) => m.name === measureName)).toBe(false);

    await summary.getByRole('button', { name: `Load ${measureName}` }).click();
    const status = upload.getByTestId('need-upload-status');
    await status.filter({ hasText: `Loaded ${measureName}` }).waitFor({ timeout: 60_000 });
    const loaded = NeedMeasureList.parse(await (await workerApi.get('/api/need-measures')).json()).measures.find((m) => m.name === measureName);
    expect(loaded).toMatchObject({ rowCount: 40, visibility: 'workers', direction: 'higher_is_more_need', source: 'E2E figures, 2026, OGL' });
    await expect(status.textContent()).resolves.toContain(`choose it as “need:${loaded!.slug}”`);
    const card = page.locator(`[data-testid="need-measure"][data-slug="${loaded!.slug}"]`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('Community workers only · 40 LSOAs');
    await expect(card.textContent()).resolves.toContain(`by ${worker.name}`);
    await shot(page, '3-loaded');
    // Kept to workers: the public list does not have it.
    const publicList = NeedMeasureList.parse(await (await fetch(`${baseUrl}/api/need-measures`)).json()).measures;
    expect(publicList.some((m) => m.slug === loaded!.slug)).toBe(false);

    await card.getByRole('button', { name: `Delete ${measureName}` }).click();
    await card.getByRole('button', { name: `Yes, delete ${measureName}` }).click();
    await page
      .getByTestId('need-measures-status')
      .filter({ hasText: `Deleted ${measureName}.` })
      .waitFor();
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(0);
    const after = NeedMeasureList.parse(await (await workerApi.get('/api/need-measures')).json()).measures;
    expect(after.some((m) => m.slug === loaded!.slug)).toBe(false);
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
