import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Asset, History, ModerationQueue, SearchResults, SubmissionList } from '@common-ground/schema';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasBrowser, launchBrowser } from './browser.js';
import { apiSession, ARTIFACTS, axeViolations, signInThroughDialog } from './session-helpers.js';

/*
 * The flow, end to end in headless Chromium against the real product: a resident
 * registers, adds a group by postcode and sees it pending; a worker approves it; it is found by
 * search; the resident adds a note; its history shows the changes; the worker reverts one.
 * Then the rest of moderation: a visitor reports a problem and the worker resolves it; the
 * worker asks for changes to one proposal and rejects another, and the resident reads why.
 */

/** A real postcode from the shipped ONS directory (Gloucester). */
const POSTCODE = 'GL1 2TG';
const PASSWORD = 'correct horse battery staple';

describe.skipIf(!hasBrowser())('contributing and curating in headless Chromium', () => {
  const baseUrl = inject('baseUrl');
  const admin = inject('admin');
  const stamp = Date.now();
  const groupName = `Knit and Natter ${stamp}`;
  const resident = { email: `e2e-resident-${stamp}@example.org`, name: 'Rosa Resident' };
  const worker = { email: `e2e-worker-${stamp}@example.org`, name: 'Wes Worker' };
  let browser: Browser;
  let residentContext: BrowserContext;
  let workerContext: BrowserContext;
  let residentPage: Page;
  let workerPage: Page;
  let assetId = '';
  let workerApi: Awaited<ReturnType<typeof apiSession>>;
  const errors: string[] = [];

  async function newPage(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    // Confirmations (revert) are accepted, as a person who meant it would.
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  async function shot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(ARTIFACTS, `contribute-${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
    // bypassCSP: axe-core is injected as an inline script, which the app's policy forbids.
    residentContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    workerContext = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    residentPage = await newPage(residentContext);
    workerPage = await newPage(workerContext);

    // The worker: registered like anyone, then given the worker role by an admin through the API.
    const workerSession = await apiSession(baseUrl, '/api/auth/register', { email: worker.email, password: PASSWORD, displayName: worker.name });
    const adminSession = await apiSession(baseUrl, '/api/auth/sign-in', admin);
    const promoted = await adminSession.send('PUT', `/api/admin/users/${workerSession.me.user.id}/role`, { role: 'worker' });
    expect(promoted.status).toBe(200);
    workerApi = workerSession;
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a resident registers and adds a group by postcode, which waits for review', async () => {
    const page = residentPage;
    await page.goto(baseUrl);
    await page.getByTestId('account-bar').getByRole('button', { name: 'Sign in' }).click();
    const dialog = page.getByTestId('sign-in-dialog');
    await dialog.getByRole('tab', { name: 'Register' }).click();
    await dialog.getByLabel('Your name').fill(resident.name);
    await dialog.getByLabel('Email').fill(resident.email);
    // Too short first: the shared schema's message shows by the field, before anything is sent.
    await dialog.getByLabel('Password', { exact: true }).fill('short');
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await expect(dialog.getByText('must be at least 12 characters').isVisible()).resolves.toBe(true);
    await dialog.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Create account' }).click();
    await page.getByText(`Signed in as ${resident.name}`).waitFor({ timeout: 90_000 });

    await page.getByRole('button', { name: 'Add a place or group' }).click();
    const form = page.getByTestId('asset-form');
    await form.waitFor();
    // Sending it empty shows the problems by their fields.
    await form.getByRole('button', { name: 'Send for review' }).click();
    await expect(form.getByText('name is required').isVisible()).resolves.toBe(true);

    await form.getByLabel('Name', { exact: true }).fill(groupName);
    await form.getByLabel('Category', { exact: true }).selectOption({ index: 1 });
    await form.getByLabel('Description').fill('Knitting, crochet and a cup of tea. Beginners welcome.');
    await form.getByLabel('Postcode').fill(POSTCODE);
    await form.getByRole('button', { name: 'Show on the map' }).click();
    await form.getByTestId('pin-text').waitFor();
    await expect(form.getByTestId('postcode-status').textContent()).resolves.toContain(`centre of ${POSTCODE}`);
    await form.getByRole('button', { name: 'Add opening times' }).click();
    await expect(form.getByText('Mo-Fr 09:00-17:00').isVisible()).resolves.toBe(true);
    await form.getByLabel('Carers welcome').selectOption('yes');
    await form.getByLabel('Languages spoken').fill('English, Urdu');
    // Residents are not asked for the ABCD type: the category gives it (issue 17).
    await expect(form.getByLabel('ABCD asset type').count()).resolves.toBe(0);
    await shot(page, '1-add-form');
    expect(await axeViolations(page)).toEqual([]);

    await form.getByRole('button', { name: 'Send for review' }).click();
    const result = page.getByTestId('add-result');
    await result.waitFor();
    await expect(result.textContent()).resolves.toContain('Sent for review — a community worker will check it');

    await result.getByRole('link', { name: 'My submissions' }).click();
    const submission = page.getByTestId('submission').filter({ hasText: groupName });
    await submission.waitFor();
    await expect(submission.textContent()).resolves.toContain('Pending review');
    await shot(page, '2-my-submissions');

    // Not public while pending.
    const search = SearchResults.parse(await (await fetch(`${baseUrl}/api/search?q=${encodeURIComponent(groupName)}`)).json());
    expect(search.results.map((r) => r.name)).not.toContain(groupName);
  });

  it('a worker approves it in Moderation, and it is found by search', async () => {
    const page = workerPage;
    await page.goto(baseUrl);
    await signInThroughDialog(page, worker.email, PASSWORD);
    await page.getByRole('link', { name: 'Moderation' }).click();
    const proposal = page.locator(`[data-testid="proposal"][data-asset-name="${groupName}"]`);
    await proposal.waitFor();
    await expect(proposal.textContent()).resolves.toContain(POSTCODE);
    // The pin in words and on a small map, and a look for the same place already listed nearby.
    await proposal.getByRole('row', { name: `Location Centre of ${POSTCODE}`, exact: true }).waitFor();
    // The hours in words, as the asset page reads them, not as OpenStreetMap code.
    await proposal.getByRole('row', { name: 'Opening hours Monday to Friday, 9am to 5pm', exact: true }).waitFor();
    await expect(proposal.getByText('Mo-Fr 09:00-17:00').count()).resolves.toBe(0);
    await proposal.getByTestId('proposal-map').locator('canvas').waitFor();
    await proposal.getByTestId('possible-duplicates').getByText('No published place with a similar name within 100 m.').waitFor();
    await shot(page, '3-moderation');
    expect(await axeViolations(page)).toEqual([]);
    await proposal.getByRole('button', { name: `Approve ${groupName}` }).click();
    await page
      .getByTestId('moderation-status')
      .filter({ hasText: `${groupName}: approved` })
      .waitFor();

    // Places to re-check, the longest unchecked first: the worker marks the first as checked.
    const stale = page.getByTestId('stale-places');
    const oldest = stale.getByTestId('stale-place').first();
    await oldest.waitFor();
    const oldestName = (await oldest.getAttribute('data-asset-name')) ?? '';
    const oldestHref = (await oldest.getByRole('link', { name: oldestName }).getAttribute('href')) ?? '';
    expect(oldestHref).toMatch(/^\/assets\/[0-9a-f-]{36}$/);
    await expect(oldest.textContent()).resolves.toMatch(/Never checked|Last checked/);
    await oldest.getByRole('button', { name: /^Mark as checked/ }).click();
    await stale
      .getByTestId('stale-status')
      .filter({ hasText: `${oldestName}: marked as checked today.` })
      .waitFor();
    // Checked today, for everyone to see, and off the list of places to re-check.
    await expect.poll(() => stale.locator(`a[href="${oldestHref}"]`).count(), { timeout: 30_000 }).toBe(0);
    const checked = Asset.parse(await (await fetch(`${baseUrl}/api${oldestHref}`)).json());
    expect(checked.lastVerifiedAt?.slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));

    // Found by search, in the app as anyone would look.
    const searchPage = await newPage(await browser.newContext({ viewport: { width: 1280, height: 900 } }));
    await searchPage.goto(`${baseUrl}/?q=${encodeURIComponent(groupName)}`);
    const hit = searchPage.locator('[data-result-id]').filter({ hasText: groupName });
    await hit.first().waitFor({ timeout: 60_000 });
    assetId = (await hit.first().getAttribute('data-result-id')) ?? '';
    expect(assetId).toMatch(/^[0-9a-f-]{36}$/);
    // What the resident said shows in the list, and the search's filters find it by it.
    await expect(hit.first().textContent()).resolves.toContain('Carers welcome');
    await expect(hit.first().textContent()).resolves.toContain('Speaks English, Urdu');
    await searchPage.goto(`${baseUrl}/?q=${encodeURIComponent(groupName)}&carers=1&language=urdu`);
    await searchPage.locator('[data-result-id]').filter({ hasText: groupName }).first().waitFor({ timeout: 60_000 });
    await searchPage.goto(`${baseUrl}/?q=${encodeURIComponent(groupName)}&volunteers=1`);
    await expect.poll(() => searchPage.getByTestId('search-count').textContent(), { timeout: 60_000 }).toMatch(/^No places found/);
    await shot(searchPage, '4-found-by-search');
  });

  it('the resident adds a note on it, and sees it approved', async () => {
    const page = residentPage;
    await page.goto(`${baseUrl}/me/submissions`);
    const submission = page.getByTestId('submission').filter({ hasText: groupName });
    await expect(submission.textContent()).resolves.toContain('Approved');

    await page.goto(`${baseUrl}/assets/${assetId}`);
    await page.getByRole('heading', { level: 1, name: groupName }).waitFor();
    await expect(page.locator('.facts').textContent()).resolves.toMatch(/LanguagesEnglish, Urdu.*CarersCarers welcome/);
    await page.getByLabel(`Add a note about ${groupName}`).fill('The church hall is free on Tuesdays <b>too</b>.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByTestId('note').filter({ hasText: 'free on Tuesdays' });
    await note.waitFor();
    // User text is text: the markup shows as typed, it is not markup.
    await expect(note.textContent()).resolves.toContain('<b>too</b>');
    await expect(note.textContent()).resolves.toContain(resident.name);
    await shot(page, '5-note');
  });

  it('the worker edits it, the history shows each change, and the worker reverts the edit', async () => {
    const page = workerPage;
    await page.goto(`${baseUrl}/assets/${assetId}`);
    await page.getByRole('heading', { level: 1, name: groupName }).waitFor();
    await page.getByRole('button', { name: `Edit ${groupName}` }).click();
    const form = page.getByTestId('asset-form');
    // A worker may still override the ABCD type the category gives.
    await expect(form.getByLabel('ABCD asset type').count()).resolves.toBe(1);
    await form.getByLabel('Description').fill('Now on Thursdays too.');
    await form.getByRole('button', { name: 'Save and publish' }).click();
    await page.getByTestId('asset-outcome').filter({ hasText: 'Your change is published.' }).waitFor();
    await page.getByText('Now on Thursdays too.').first().waitFor();

    const history = page.getByTestId('history');
    await history.locator('[data-action="edit"]').first().waitFor();
    const actions = await history.getByTestId('history-entry').evaluateAll((items) => items.map((i) => i.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['create', 'approve', 'edit']));
    await expect(history.locator('[data-action="edit"]').first().textContent()).resolves.toContain('Now on Thursdays too.');
    await shot(page, '6-history');

    const approved = history.locator('[data-action="approve"]');
    await approved.getByRole('button', { name: /Revert to this version/ }).click();
    await history.getByText(/Reverted to version/).waitFor();
    await history.locator('[data-action="revert"]').first().waitFor();
    await shot(page, '7-reverted');

    const asset = Asset.parse(await (await fetch(`${baseUrl}/api/assets/${assetId}`)).json());
    expect(asset.description).toBe('Knitting, crochet and a cup of tea. Beginners welcome.');
    const publicHistory = History.parse(await (await fetch(`${baseUrl}/api/assets/${assetId}/history`)).json());
    expect(publicHistory.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['create', 'approve', 'edit', 'revert']));
  });

  it('a visitor reports a problem with the place, and the worker resolves the report', async () => {
    const visitor = await newPage(await browser.newContext({ viewport: { width: 1280, height: 900 } }));
    await visitor.goto(`${baseUrl}/assets/${assetId}`);
    await visitor.getByRole('heading', { level: 1, name: groupName }).waitFor();
    const report = visitor.getByTestId('report-problem');
    await report.getByRole('button', { name: `Report a problem with ${groupName}` }).click();
    // Sent without saying what is wrong: the form asks, and sends nothing.
    await report.getByRole('button', { name: 'Send report' }).click();
    await report.getByRole('alert').filter({ hasText: 'choose what is wrong' }).waitFor();
    await report.getByLabel('Details are wrong').check();
    await report.getByLabel('What should it say? (optional)').fill('It meets on Wednesdays now, not Tuesdays.');
    await report.getByRole('button', { name: 'Send report' }).click();
    await report.getByRole('status').filter({ hasText: 'Thank you. A community worker will look at your report.' }).waitFor();
    await shot(visitor, '8-report-sent');
    await visitor.context().close();

    const page = workerPage;
    await page.goto(`${baseUrl}/moderation`);
    const card = page.locator(`[data-testid="report"][data-asset-name="${groupName}"]`);
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain(`${groupName}: Details are wrong`);
    await expect(card.textContent()).resolves.toContain('It meets on Wednesdays now, not Tuesdays.');
    await shot(page, '9-report-in-queue');
    await card.getByLabel('Note (optional)').fill('Phoned them; the day is updated.');
    await card.getByRole('button', { name: `Resolve report on ${groupName}` }).click();
    await page
      .getByTestId('moderation-status')
      .filter({ hasText: `Report on ${groupName} resolved.` })
      .waitFor();
    await expect.poll(() => card.count(), { timeout: 30_000 }).toBe(0);

    const queue = ModerationQueue.parse(await (await workerApi.get('/api/moderation/queue')).json());
    expect(queue.reports.filter((r) => r.assetId === assetId)).toEqual([]);
  });

  it('the worker asks for changes to one proposal and rejects another; the resident reads why and sends the first again', async () => {
    const residentApi = await apiSession(baseUrl, '/api/auth/sign-in', { email: resident.email, password: PASSWORD });
    const soup = `Soup Swap ${stamp}`;
    const duplicate = `Westgate Hall again ${stamp}`;
    for (const proposal of [
      { name: soup, categoryCode: 'community-meal', postcode: POSTCODE, openingHours: 'Mo,Tu,Th 09:00-19:00' },
      { name: duplicate, categoryCode: 'community-centre', postcode: POSTCODE },
    ]) {
      expect((await residentApi.send('POST', '/api/assets', proposal)).status).toBe(201);
    }

    const page = workerPage;
    await page.goto(`${baseUrl}/moderation`);
    const soupCard = page.locator(`[data-testid="proposal"][data-asset-name="${soup}"]`);
    await soupCard.waitFor();
    await soupCard.getByRole('row', { name: 'Opening hours Monday, Tuesday and Thursday, 9am to 7pm', exact: true }).waitFor();
    // Asking for changes needs a reason the resident can act on: none given, nothing is sent.
    await soupCard.getByRole('button', { name: `Ask for changes to ${soup}` }).click();
    await soupCard.getByRole('alert').filter({ hasText: 'say why, so the resident can act on it' }).waitFor();
    await soupCard.getByLabel(/^Reason/).fill('Please add the address of the hall.');
    await soupCard.getByRole('button', { name: `Ask for changes to ${soup}` }).click();
    await page
      .getByTestId('moderation-status')
      .filter({ hasText: `${soup}: sent back for changes.` })
      .waitFor();
    await expect.poll(() => soupCard.count(), { timeout: 30_000 }).toBe(0);

    const duplicateCard = page.locator(`[data-testid="proposal"][data-asset-name="${duplicate}"]`);
    await duplicateCard.getByLabel(/^Reason/).fill('Westgate Hall is listed already.');
    await duplicateCard.getByRole('button', { name: `Reject ${duplicate}` }).click();
    await page
      .getByTestId('moderation-status')
      .filter({ hasText: `${duplicate}: rejected.` })
      .waitFor();
    await expect.poll(() => duplicateCard.count(), { timeout: 30_000 }).toBe(0);
    await shot(page, '10-moderation-decided');

    // The resident sees each outcome and why, in My submissions.
    const mySubmissions = residentPage;
    await mySubmissions.goto(`${baseUrl}/me/submissions`);
    const soupItem = mySubmissions.getByTestId('submission').filter({ hasText: soup });
    await soupItem.waitFor();
    await expect(soupItem.textContent()).resolves.toContain('Changes requested');
    await expect(soupItem.textContent()).resolves.toContain('What to change: Please add the address of the hall.');
    const duplicateItem = mySubmissions.getByTestId('submission').filter({ hasText: duplicate });
    await expect(duplicateItem.textContent()).resolves.toContain('Rejected');
    await expect(duplicateItem.textContent()).resolves.toContain('Why it was rejected: Westgate Hall is listed already.');
    await expect(duplicateItem.getByRole('button', { name: /Edit and resubmit/ }).count()).resolves.toBe(0);
    await shot(mySubmissions, '11-submissions-decided');

    await soupItem.getByRole('button', { name: `Edit and resubmit ${soup}` }).click();
    const form = soupItem.getByTestId('asset-form');
    await form.getByLabel('Address').fill('St Mary’s Hall, Westgate Street, Gloucester');
    await form.getByRole('button', { name: 'Send for review again' }).click();
    await mySubmissions
      .getByRole('status')
      .filter({ hasText: 'Sent for review again.' })
      .or(mySubmissions.getByTestId('submission').filter({ hasText: soup }).filter({ hasText: 'Pending review' }))
      .first()
      .waitFor();

    // Back in the worker's queue, with the address.
    await expect
      .poll(
        async () => {
          const queue = ModerationQueue.parse(await (await workerApi.get('/api/moderation/queue')).json());
          return queue.submissions.find((s) => s.assetName === soup)?.proposed.address ?? null;
        },
        { timeout: 30_000 },
      )
      .toBe('St Mary’s Hall, Westgate Street, Gloucester');
    const mine = SubmissionList.parse(await (await residentApi.get('/api/me/submissions')).json()).submissions;
    expect(mine.filter((s) => s.assetName === duplicate).map((s) => s.status)).toEqual(['rejected']);
  });

  it('the add form fits a phone', async () => {
    const page = await newPage(residentContext);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/add`);
    await page.getByTestId('asset-form').waitFor();
    const overflow = await page.getByTestId('add-asset-page').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, '8-phone-add-form');
  });

  it('raised no page errors', () => {
    expect(errors).toEqual([]);
  });
});
