import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AdminUserList, CategoryList } from '@common-ground/schema';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';
import { apiSession, ARTIFACTS, axeViolations, signInThroughDialog } from './session-helpers.js';

/*
 * An admin, in headless Chromium against the real product, manages people and categories:
 * makes a newly registered person a community worker and limits them to a ward, and adds a
 * category and edits it. A non-admin is shown that the page is not theirs.
 */

const PASSWORD = 'correct horse battery staple';
/** A Gloucester ward in the shipped IoD lookup (the ward of GL1 2TG). */
const WARD = { code: 'E05010967', name: 'Westgate', council: 'Gloucester' };

describe.skipIf(!hasBrowser())('managing people and categories in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  const admin = inject('admin');
  const stamp = Date.now();
  const person = { email: `e2e-newcomer-${stamp}@example.org`, name: `Nia Newcomer ${stamp}` };
  const categoryCode = `knitting-${stamp}`;
  let browser: Browser;
  let adminContext: BrowserContext;
  let page: Page;
  let adminApi: Awaited<ReturnType<typeof apiSession>>;
  const errors: string[] = [];

  async function newPage(context: BrowserContext): Promise<Page> {
    const p = await context.newPage();
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => {
      // The 409s this test provokes on purpose are logged by the browser; anything else is a fault.
      if (m.type() === 'error' && !m.text().includes('status of 409')) errors.push(m.text());
    });
    return p;
  }

  async function shot(p: Page, name: string): Promise<void> {
    await p.screenshot({ path: path.join(ARTIFACTS, `admin-${name}.png`), fullPage: true });
  }

  async function personAsAdminSeesThem() {
    const response = await adminApi.get(`/api/admin/users?q=${encodeURIComponent(person.email)}`);
    expect(response.status).toBe(200);
    const [found] = AdminUserList.parse(await response.json()).users;
    return found!;
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    await apiSession(baseUrl, '/api/auth/register', { email: person.email, password: PASSWORD, displayName: person.name });
    adminApi = await apiSession(baseUrl, '/api/auth/sign-in', admin);
    browser = await launchBrowser();
    // bypassCSP: axe-core is injected as an inline script, which the app's policy forbids.
    adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    page = await newPage(adminContext);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a resident gets no admin link, and /admin tells them it is for admins', async () => {
    const residentPage = await newPage(await browser.newContext({ viewport: { width: 1280, height: 900 } }));
    await residentPage.goto(baseUrl);
    await signInThroughDialog(residentPage, person.email, PASSWORD);
    await expect(residentPage.getByRole('link', { name: 'People and categories' }).count()).resolves.toBe(0);
    await residentPage.goto(`${baseUrl}/admin`);
    await residentPage.getByTestId('admin-only').waitFor();
    await expect(residentPage.getByTestId('admin-only').textContent()).resolves.toBe('Only admins can manage people and categories.');
    await expect(residentPage.getByTestId('people-list').count()).resolves.toBe(0);
    await residentPage.context().close();
  });

  it('an admin finds the newcomer, makes them a community worker and limits them to a ward', async () => {
    await page.goto(baseUrl);
    await signInThroughDialog(page, admin.email, admin.password);
    await page.getByRole('link', { name: 'People and categories' }).click();
    const adminPage = page.getByTestId('admin-page');
    await adminPage.getByRole('heading', { level: 1, name: 'People and categories' }).waitFor();

    await adminPage.getByLabel('Name or email').fill(`newcomer-${stamp}`);
    await adminPage.getByLabel('Role', { exact: true }).selectOption('resident');
    await adminPage.getByRole('button', { name: 'Find people' }).click();
    await adminPage.getByTestId('people-count').filter({ hasText: '1 person.' }).waitFor();
    const card = adminPage.locator(`[data-testid="person"][data-email="${person.email}"]`);
    await card.waitFor();
    // A resident has no areas to curate: the limits show only for workers.
    await expect(card.getByTestId('area-limits').count()).resolves.toBe(0);

    await card.getByLabel(`Role of ${person.name}`).selectOption('worker');
    await card.getByRole('button', { name: `Save role of ${person.name}` }).click();
    await card.getByText(`Saved: ${person.name}’s role is now Community worker.`).waitFor();
    await expect(card.getByTestId('no-limits').textContent()).resolves.toBe('No limits: curates anywhere.');

    // An area by typing its name and choosing it from the suggestions (wards, councils, LSOAs only).
    const areaInput = card.getByLabel(`Add an area for ${person.name}`);
    await areaInput.fill(WARD.name);
    const option = card.getByRole('option').filter({ hasText: WARD.council }).filter({ hasText: WARD.name });
    await option.first().waitFor();
    await expect(
      card
        .getByRole('option')
        .filter({ hasText: /^Postcode/ })
        .count(),
    ).resolves.toBe(0);
    // The Gloucester one (several councils have a Westgate).
    await option.first().click();
    await card.locator(`[data-testid="area-limit"][data-code="${WARD.code}"]`).waitFor();
    await expect(card.getByTestId('area-limit').textContent()).resolves.toContain(`${WARD.name} (${WARD.code})`);
    await shot(page, '1-people');
    expect(await axeViolations(page)).toEqual([]);

    const saved = await personAsAdminSeesThem();
    expect(saved.role).toBe('worker');
    expect(saved.areaLimits).toEqual([{ code: WARD.code, name: WARD.name }]);

    // Removing the area leaves them free again; the ward goes back for the end state.
    await card.getByRole('button', { name: `Remove ${WARD.name}` }).click();
    await card.getByTestId('no-limits').waitFor();
    expect((await personAsAdminSeesThem()).areaLimits).toEqual([]);
    await areaInput.fill(WARD.name);
    await option.first().click();
    await card.locator(`[data-testid="area-limit"][data-code="${WARD.code}"]`).waitFor();
    expect((await personAsAdminSeesThem()).areaLimits.map((a) => a.code)).toEqual([WARD.code]);
  });

  it("shows the API's 409 when the only admin would demote themself", async () => {
    const admins = AdminUserList.parse(await (await adminApi.get('/api/admin/users?role=admin')).json()).users;
    // The e2e database has the one seeded admin; nothing here makes another.
    expect(admins.map((a) => a.email)).toEqual([admin.email]);
    const adminPage = page.getByTestId('admin-page');
    await adminPage.getByLabel('Name or email').fill(admin.email);
    await adminPage.getByLabel('Role', { exact: true }).selectOption('admin');
    await adminPage.getByRole('button', { name: 'Find people' }).click();
    const card = adminPage.locator(`[data-testid="person"][data-email="${admin.email}"]`);
    await card.waitFor();
    await card.getByLabel('Role of E2E Admin').selectOption('resident');
    await card.getByRole('button', { name: 'Save role of E2E Admin' }).click();
    await card.getByRole('alert').filter({ hasText: 'This is the only admin' }).waitFor();
    await shot(page, '2-last-admin');
  });

  it('an admin adds a category inside a group, with the taken-code message by its field, and edits it', async () => {
    const adminPage = page.getByTestId('admin-page');
    await adminPage.getByRole('tab', { name: 'Categories' }).click();
    const food = adminPage.locator('[data-testid="category"][data-code="food"]');
    await food.getByRole('button', { name: 'Add inside Food support' }).click();
    const form = adminPage.getByTestId('category-form');
    await form.getByRole('heading', { name: 'New category inside Food support' }).waitFor();
    await expect(form.getByLabel('Inside').inputValue()).resolves.toBe('food');

    // A taken code: the API's 409 shows by the code field.
    await form.getByLabel('Code').fill('food-bank');
    await form.getByLabel('Name', { exact: true }).fill(`Knit and knosh ${stamp}`);
    await form.getByRole('button', { name: 'Add category' }).click();
    await form.getByText('A category with the code food-bank already exists.').waitFor();
    await expect(form.locator('.field-error').textContent()).resolves.toBe('is taken');
    await expect(form.getByLabel('Code').getAttribute('aria-invalid')).resolves.toBe('true');

    await form.getByLabel('Code').fill(categoryCode);
    await expect(form.locator('.field-error').count()).resolves.toBe(0);
    await form.getByLabel('Description').fill('Knitting groups that share <b>food</b>.');
    await form.getByLabel('ABCD asset type').selectOption('cultural');
    await shot(page, '3-category-form');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByRole('button', { name: 'Add category' }).click();
    await adminPage
      .getByTestId('categories-status')
      .filter({ hasText: `Added Knit and knosh ${stamp} (${categoryCode}).` })
      .waitFor();
    const added = food.locator(`[data-testid="category"][data-code="${categoryCode}"]`);
    await added.waitFor();
    // User text is text.
    await expect(added.textContent()).resolves.toContain('<b>food</b>');

    await added.getByRole('button', { name: `Edit Knit and knosh ${stamp}` }).click();
    const editForm = adminPage.getByTestId('category-form');
    await editForm.getByLabel('Name', { exact: true }).fill(`Knit and nosh ${stamp}`);
    await editForm.getByRole('button', { name: 'Save changes' }).click();
    await adminPage
      .getByTestId('categories-status')
      .filter({ hasText: `Saved Knit and nosh ${stamp}.` })
      .waitFor();
    await shot(page, '4-categories');

    const listed = CategoryList.parse(await (await fetch(`${baseUrl}/api/categories`)).json()).categories;
    expect(listed.find((c) => c.code === categoryCode)).toMatchObject({
      parentCode: 'food',
      name: `Knit and nosh ${stamp}`,
      abcdType: 'cultural',
      colour: '#aa8800',
      description: 'Knitting groups that share <b>food</b>.',
    });
  });

  it('the admin page fits a phone', async () => {
    const phone = await newPage(adminContext);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${baseUrl}/admin`);
    await phone.getByTestId('people-list').waitFor();
    const overflow = await phone.getByTestId('admin-page').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone, '5-phone');
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
