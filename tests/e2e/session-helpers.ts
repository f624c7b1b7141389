import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Me } from '@common-ground/schema';
import type { Page } from 'playwright-core';
import { nextClientAddress } from './browser.js';

/** Where screenshots go (tests/.artifacts, not committed). */
export const ARTIFACTS = path.join(import.meta.dirname, '..', '.artifacts');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeWindow {
  axe?: {
    run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
  };
}

/**
 * Serious and critical WCAG violations axe-core finds on the page as it stands. The page's
 * context needs `bypassCSP: true`: axe is injected as an inline script, which the app's policy forbids.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as AxeWindow).axe!.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

/** A signed-in API session outside the browser (cookie and CSRF token kept), for setting up people. */
export async function apiSession(baseUrl: string, path: '/api/auth/sign-in' | '/api/auth/register', body: object) {
  const address = { 'x-forwarded-for': nextClientAddress() };
  const response = await askedAgainWhenShed(() =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: baseUrl, ...address },
      body: JSON.stringify(body),
    }),
  );
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  const me = Me.parse(await response.json());
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return {
    me,
    get: (url: string) => askedAgainWhenShed(() => fetch(`${baseUrl}${url}`, { headers: { cookie, ...address } })),
    send: (method: string, url: string, payload: unknown) =>
      askedAgainWhenShed(() =>
        fetch(`${baseUrl}${url}`, {
          method,
          headers: { 'content-type': 'application/json', origin: baseUrl, cookie, 'x-csrf-token': me.csrfToken, ...address },
          body: JSON.stringify(payload),
        }),
      ),
  };
}

/**
 * A request asked again while the server sheds load (503 with Retry-After: it turned the
 * request away before handling it, so sending it again is safe), as a client should; on a busy
 * test machine the server does this now and then.
 */
async function askedAgainWhenShed(request: () => Promise<Response>, attempts = 6): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await request();
    if (response.status !== 503 || attempt >= attempts) return response;
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { code?: string } | null;
    if (body?.code !== 'overloaded') return response;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? '5') * 1000));
  }
}

/**
 * Signs in as a person would: the account bar's Sign in button, then the dialog's form. Waits
 * for "Signed in as" (with the name, when given); password hashing is slow on a busy machine.
 */
export async function signInThroughDialog(page: Page, email: string, password: string, name?: string): Promise<void> {
  await page.getByTestId('account-bar').getByRole('button', { name: 'Sign in' }).click();
  const dialog = page.getByTestId('sign-in-dialog');
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Password', { exact: true }).fill(password);
  await dialog.locator('form').getByRole('button', { name: 'Sign in' }).click();
  await page.getByText(name ? `Signed in as ${name}` : 'Signed in as').waitFor({ timeout: 90_000 });
}
