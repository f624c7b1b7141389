import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CustomArea, GapsResult, ShareResult } from '@common-ground/schema';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';
import { apiSession, ARTIFACTS } from './session-helpers.js';

/*
 * Looked at as a public-health analyst would (issue 14): GP practices in a northern city
 * (Sheffield) and a rural county (Cornwall) — the equity panel first, then the ranked table
 * with each flag's sentence and the national cuts per rural-urban class — and the printed
 * area report of a few Sheffield LSOAs for GP practices, as a PDF. Screenshots and the PDF
 * go to the e2e artifacts (`gaps-analyst-*`).
 */

const PLACES = [
  { name: 'sheffield', area: 'E08000019' },
  { name: 'cornwall', area: 'E06000052' },
];

describe.skipIf(!hasBrowser())('gaps as an analyst sees them, in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(ARTIFACTS, `gaps-analyst-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      // A 503 is the gap computations' "busy, try again shortly", which the app retries (lib/retry-when-busy.ts).
      if (m.type() === 'error' && !m.text().includes('status of 503')) errors.push(m.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each(PLACES)('GP practices in $name: the equity panel above the ranked table, national cuts and sentences', async ({ name, area }) => {
    await page.goto(`${baseUrl}/gaps?category=gp-practice&area=${area}`);
    const panel = page.getByTestId('equity-panel');
    await panel.waitFor({ timeout: 170_000 });
    await expect(page.getByTestId('equity-sentence').textContent()).resolves.toMatch(
      /Concentration index -?\d\.\d{3}: .*(better|worse) served|no clear gradient/,
    );
    await expect(panel.locator('tbody tr').count()).resolves.toBe(10);
    const table = page.getByTestId('gaps-table');
    await table.waitFor({ timeout: 170_000 });
    // The panel comes before the list.
    expect((await panel.boundingBox())!.y).toBeLessThan((await table.boundingBox())!.y);
    await expect(page.getByTestId('gaps-thresholds').textContent()).resolves.toMatch(/Urban: .* or farther \(worst 20% of [\d,]+ LSOAs in England\)/);
    const flagged = await table.locator('tr.gaps-row--flagged th .small').allTextContents();
    for (const sentence of flagged) expect(sentence).toMatch(/IMD decile [12]; nearest GP practice .* in the worst fifth of .* in England \(.* or farther\)\./);
    await panel.screenshot({ path: path.join(ARTIFACTS, `gaps-analyst-${name}-equity.png`) });
    await page.locator('.gaps-list-column').screenshot({ path: path.join(ARTIFACTS, `gaps-analyst-${name}-list.png`) });
    await shot(page, `${name}-page`);
  });

  it('the printed area report for GP practices: thresholds, flags with their sentences, and the gradient, on A4', async () => {
    const stamp = Date.now();
    const account = { email: `e2e-analyst-${stamp}@example.org`, password: 'an analyst password long enough' };
    const registered = await apiSession(baseUrl, '/api/auth/register', { ...account, displayName: 'Ana Lyst' });
    // Sharing by link is for workers: the admin makes the analyst one.
    const adminApi = await apiSession(baseUrl, '/api/auth/sign-in', inject('admin'));
    expect((await adminApi.send('PUT', `/api/admin/users/${registered.me.user.id}/role`, { role: 'worker' })).status).toBe(200);
    const person = await apiSession(baseUrl, '/api/auth/sign-in', account);
    const gaps = GapsResult.parse(await (await fetch(`${baseUrl}/api/gaps?category=gp-practice&area=E08000019&limit=50000`)).json());
    // A few wards' worth of Sheffield's most deprived LSOAs, flagged ones first.
    const codes = gaps.rows.slice(0, 12).map((r) => r.code);
    const made = await person.send('POST', '/api/custom-areas', { name: `Sheffield priority LSOAs ${stamp}`, lsoaCodes: codes });
    expect(made.status, await made.clone().text()).toBe(201);
    const area = CustomArea.parse(await made.json());
    const sharing = await person.send('PUT', `/api/custom-areas/${area.id}/share`, {});
    expect(sharing.status, await sharing.clone().text()).toBe(200);
    const shared = ShareResult.parse(await sharing.json());
    await page.goto(`${baseUrl}/areas/custom/${area.id}/report?share=${shared.shareToken}&category=gp-practice`);
    const report = page.getByTestId('area-report');
    await report.getByTestId('report-gaps').waitFor({ timeout: 170_000 });
    await expect(report.getByTestId('report-equity-sentence').textContent()).resolves.toMatch(/Concentration index|Too few/);
    await expect(report.getByTestId('report-thresholds').textContent()).resolves.toMatch(/Urban/);
    await page.emulateMedia({ media: 'print' });
    await shot(page, 'report-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    writeFileSync(path.join(ARTIFACTS, 'gaps-analyst-report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(errors).toEqual([]);
  });
});
