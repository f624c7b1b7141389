import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildApp, openTestDatabase, REPO_ROOT } from '@common-ground/api/testing';
import type {} from 'vitest';
import { nextClientAddress } from './browser.js';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** An admin account on the served database, for tests that need one to make workers. */
    admin: { email: string; password: string };
  }
}

/**
 * The first admin. In production `pnpm admin:create` makes it, but that CLI opens the embedded
 * database itself, which accepts one process and is held by the server under test. So the
 * account is registered through the API like anyone's, then raised to admin with the one SQL
 * statement the CLI's promotion amounts to. Everything else (workers included) goes through
 * the API's own routes.
 */
async function seedAdmin(app: Awaited<ReturnType<typeof buildApp>>, baseUrl: string): Promise<{ email: string; password: string }> {
  const admin = { email: `e2e-admin-${Date.now()}@example.org`, password: 'e2e admin password long enough' };
  const response = await fetch(`${baseUrl}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl, 'x-forwarded-for': nextClientAddress() },
    body: JSON.stringify({ ...admin, displayName: 'E2E Admin' }),
  });
  if (response.status !== 201) throw new Error(`Could not register the e2e admin: ${response.status} ${await response.text()}`);
  await app.pg.query("UPDATE users SET role = 'admin' WHERE lower(email) = lower($1)", [admin.email]);
  return admin;
}

/**
 * Serves the built web app and API on the embedded database (the product's default),
 * loaded with the real data, on a free port.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const webDist = path.join(REPO_ROOT, 'apps/web/dist');
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`No web build at ${webDist}: run pnpm build first (pnpm test does)`);
  }
  const database = await openTestDatabase('embedded');
  const app = await buildApp({
    connection: { connectionString: database.connectionString },
    // As behind a reverse proxy on the same host (TRUST_PROXY=loopback): each browser context
    // and API session says its own client address (browser.ts), so the suite is many people
    // on many addresses, as in life, and never runs into one address's hourly limits.
    trustProxy: ['loopback'],
    https: false,
    databaseKind: database.kind,
    poolMax: database.poolMax,
    webDist,
    logLevel: 'warn',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const baseUrl = `http://127.0.0.1:${port}`;
  project.provide('baseUrl', baseUrl);
  project.provide('admin', await seedAdmin(app, baseUrl));
  return async () => {
    await app.close();
    await database.close();
  };
}
