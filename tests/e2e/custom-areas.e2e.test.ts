import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GapsResult } from '@common-ground/schema';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';
import { apiSession, ARTIFACTS, axeViolations, signInThroughDialog } from './session-helpers.js';

/*
 * A community worker, in headless Chromium against the real product, builds an area from
 * two LSOAs of a Gloucester ward (one found by name, the way a keyboard user would, one
 * clicked on the map), saves it, reads its profile, shares it and opens the printable
 * report, whose print styles leave the app out. Screenshots: desktop, 390 px and print.
 */

const PASSWORD = 'correct horse battery staple';
/** A Gloucester ward in the shipped IoD lookup (the ward of GL1 2TG). */
const WARD = 'E05010967';

describe.skipIf(!hasBrowser())('custom areas in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  const admin = inject('admin');
  const stamp = Date.now();
  const worker = { email: `e2e-area-worker-${stamp}@example.org`, name: `Wren Worker ${stamp}` };
  const areaName = `Westgate Big Local ${stamp}`;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let lsoas: { code: string; name: string }[];
  let areaUrl: string;
  const errors: string[] = [];

  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(ARTIFACTS, `custom-area-${name}.png`), fullPage: true });

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const registered = await apiSession(baseUrl, '/api/auth/register', { email: worker.email, password: PASSWORD, displayName: worker.name });
    const adminApi = await apiSession(baseUrl, '/api/auth/sign-in', admin);
    const promoted = await adminApi.send('PUT', `/api/admin/users/${registered.me.user.id}/role`, { role: 'worker' });
    expect(promoted.status).toBe(200);
    const gaps = GapsResult.parse(await (await fetch(`${baseUrl}/api/gaps?area=${WARD}`)).json());
    lsoas = gaps.rows.map((r) => ({ code: r.code, name: r.name })).sort((a, b) => a.code.localeCompare(b.code));
    expect(lsoas.length).toBeGreaterThanOrEqual(2);

    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    // The Share button copies the link; without the permission it shows the link instead.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(baseUrl);
    await signInThroughDialog(page, worker.email, PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('picks LSOAs by name and on the map, and saves the area', async () => {
    await page.getByRole('link', { name: 'My areas' }).click();
    await page.getByTestId('my-areas-page').waitFor();
    await page.getByRole('link', { name: 'New area' }).click();
    const builder = page.getByTestId('area-builder');
    await builder.waitFor();

    // The keyboard way: find the first LSOA by its name and add it.
    const [first, second] = [lsoas[0]!, lsoas[1]!];
    await builder.getByLabel('Find an LSOA by name or code').fill(first.name);
    await builder
      .getByRole('button', { name: new RegExp(`^Add ${first.name}`) })
      .first()
      .click();
    await expect(builder.getByTestId('picked-list').getByText(first.code).count()).resolves.toBe(1);

    // The mouse way: the map now shows the first LSOA; click inside the second one.
    await page.waitForSelector('[data-builder-ready="true"]');
    const target = await page.evaluate(async (code) => {
      interface BuilderMap {
        jumpTo(options: { center: [number, number]; zoom: number }): void;
        once(event: 'idle', listener: () => void): void;
        project(lngLat: [number, number]): { x: number; y: number };
        getCanvas(): HTMLCanvasElement;
      }
      const map = (window as unknown as { __areaBuilder: BuilderMap }).__areaBuilder;
      const response = await fetch(`/api/suggest?q=${encodeURIComponent(code)}&limit=5`);
      const body = (await response.json()) as { suggestions: { kind: string; value?: string; location?: { coordinates: [number, number] } }[] };
      const hit = body.suggestions.find((s) => s.kind === 'place' && s.value === code);
      if (!hit?.location) return null;
      map.jumpTo({ center: hit.location.coordinates, zoom: 15 });
      await new Promise<void>((resolve) => map.once('idle', resolve));
      const p = map.project(hit.location.coordinates);
      const rect = map.getCanvas().getBoundingClientRect();
      return { x: rect.left + p.x, y: rect.top + p.y };
    }, second.code);
    if (target) {
      await page.mouse.click(target.x, target.y);
      await builder.getByTestId('picked-list').getByText(second.code).waitFor();
    } else {
      // The name search is the fallback the page offers anyway.
      await builder.getByLabel('Find an LSOA by name or code').fill(second.name);
      await builder
        .getByRole('button', { name: new RegExp(`^Add ${second.name}`) })
        .first()
        .click();
    }
    await shot(page, 'builder');

    await builder.getByLabel('Name', { exact: true }).fill(areaName);
    await builder.getByRole('button', { name: 'Save area' }).click();
    await page.getByTestId('custom-area-profile').waitFor();
    areaUrl = page.url();
    expect(areaUrl).toMatch(/\/areas\/custom\/[0-9a-f-]{36}$/);
  });

  it('shows the profile: people, deprivation chart, map, assets, gaps; and shares it by link', async () => {
    const profile = page.getByTestId('custom-area-profile');
    await expect(page.getByRole('heading', { level: 1, name: areaName }).count()).resolves.toBe(1);
    await expect(profile.getByText('2 LSOAs').count()).resolves.toBeGreaterThan(0);
    await expect(profile.locator('svg.chart').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(profile.getByTestId('area-map').locator('path').count()).resolves.toBe(3);
    await shot(page, 'profile-desktop');
    expect(await axeViolations(page)).toEqual([]);

    await profile.getByRole('button', { name: 'Share by link' }).click();
    const link = await profile.getByTestId('share-link').inputValue();
    expect(link).toMatch(/\/areas\/custom\/[0-9a-f-]{36}\?share=[A-Za-z0-9_-]{43}$/);

    // Someone else, signed out, opens the link.
    const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await other.newPage();
    await phone.goto(link);
    await phone.getByTestId('custom-area-profile').waitFor();
    await expect(phone.getByRole('button', { name: 'Share by link' }).count()).resolves.toBe(0);
    await shot(phone, 'profile-390');

    // The worker stops sharing: the page says the old link is dead, and it is.
    await profile.getByRole('button', { name: 'Stop sharing' }).click();
    await profile.getByRole('status').filter({ hasText: 'Sharing stopped: the old link no longer works.' }).waitFor();
    await profile.getByRole('button', { name: 'Share by link' }).waitFor();
    await expect(profile.getByTestId('share-link').count()).resolves.toBe(0);
    await expect(profile.getByRole('button', { name: 'Stop sharing' }).count()).resolves.toBe(0);
    await expect(profile.textContent()).resolves.toContain('private');
    await shot(page, 'sharing-stopped');
    await phone.reload();
    await phone.getByRole('alert').filter({ hasText: 'If this is your area, sign in to see it.' }).waitFor();
    await expect(phone.getByTestId('custom-area-profile').count()).resolves.toBe(0);
    await expect(phone.getByText(areaName).count()).resolves.toBe(0);
    const token = new URL(link).searchParams.get('share') ?? '';
    const id = new URL(link).pathname.split('/').pop() ?? '';
    const refused = await fetch(`${baseUrl}/api/custom-areas/${id}/profile?share=${encodeURIComponent(token)}`);
    expect(refused.status).toBe(404);
    await other.close();

    // Shared again, it is a new link (the old one stays dead).
    await profile.getByRole('button', { name: 'Share by link' }).click();
    const again = await profile.getByTestId('share-link').inputValue();
    expect(again).not.toBe(link);
    expect((await fetch(`${baseUrl}/api/custom-areas/${id}/profile?share=${encodeURIComponent(token)}`)).status).toBe(404);
  });

  it('prints a report on A4 with nothing of the app around it', async () => {
    await page.getByTestId('report-link').click();
    const report = page.getByTestId('area-report');
    await report.getByRole('heading', { level: 1, name: areaName }).waitFor();
    await expect(report.getByText('Sources and attribution').count()).resolves.toBe(1);
    await expect(report.getByText(/^Generated /).count()).resolves.toBe(1);
    await shot(page, 'report-screen');

    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() => ({
      app: getComputedStyle(document.querySelector('.app')!).display,
      tools: getComputedStyle(document.querySelector('.area-report__tools')!).display,
      position: getComputedStyle(document.querySelector('.area-report')!).position,
      pageRule: Array.from(document.styleSheets).some((sheet) =>
        // The CSS minifier may write the size in lower case.
        Array.from(sheet.cssRules).some((rule) => rule instanceof CSSPageRule && /\ba4\b/i.test(rule.cssText)),
      ),
    }));
    expect(hidden).toEqual({ app: 'none', tools: 'none', position: 'static', pageRule: true });
    await shot(page, 'report-print');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    writeFileSync(path.join(ARTIFACTS, 'custom-area-report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
    expect(errors).toEqual([]);
  });

  it('credits only the sources of the assets inside, and draws the assets on the report map', async () => {
    const report = page.getByTestId('area-report');
    const credited = await report.locator('.area-report__sources li').allTextContents();
    // Area data always; no list of places that gives nothing inside (the other pilot areas').
    expect(credited.some((t) => t.includes('English Indices of Deprivation 2025'))).toBe(true);
    expect(credited.some((t) => /Trafford|Greater Manchester/.test(t))).toBe(false);
    const dots = await report.getByTestId('area-map-assets').locator('circle').count();
    const total = Number((await report.locator('.area-report__summary dd').nth(3).textContent())?.replace(/,/g, ''));
    expect(dots).toBe(Math.min(total, 3000));
  });

  it('names the custom area in the gaps view’s Area box, not its id', async () => {
    await page.goto(areaUrl);
    await page.getByTestId('custom-area-profile').waitFor();
    await page.getByRole('link', { name: 'Gaps by category' }).click();
    await expect.poll(() => page.getByLabel(/^Area/).inputValue(), { timeout: 60_000 }).toBe(areaName);
    expect(errors).toEqual([]);
  });
});
