import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions } from 'playwright-core';

/** Debian's Chromium, or CHROMIUM_PATH. Undefined when there is none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((p): p is string => !!p && existsSync(p));
}

/** Whether this run has a browser; with CI=true a missing one is an error, not a skip. */
export function hasBrowser(): boolean {
  const found = chromiumPath() !== undefined;
  if (!found && process.env.CI === 'true') {
    throw new Error('CI=true but no Chromium found: install Debian chromium or set CHROMIUM_PATH');
  }
  return found;
}

let clients = 0;

/**
 * A client address of its own (TEST-NET-3), sent as X-Forwarded-For to the e2e server, which
 * trusts its loopback "proxy" (global-setup.ts): every browser context and API session is
 * another person on another address, so per-address limits (five registrations an hour, ten
 * sign-ins in 15 minutes) apply to each as they would in life, not to the whole suite.
 */
export function nextClientAddress(): string {
  clients += 1;
  return `203.0.113.${((process.pid * 7 + clients) % 254) + 1}`;
}

export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: chromiumPath()!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options: BrowserContextOptions = {}) =>
    newContext({ ...options, extraHTTPHeaders: { 'x-forwarded-for': nextClientAddress(), ...options.extraHTTPHeaders } });
  return browser;
}
