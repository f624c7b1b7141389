import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildApp, openTestDatabase, REPO_ROOT } from '@common-ground/api/testing';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
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
    connectionString: database.connectionString,
    databaseKind: database.kind,
    poolMax: database.poolMax,
    webDist,
    logLevel: 'warn',
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  project.provide('baseUrl', `http://127.0.0.1:${port}`);
  return async () => {
    await app.close();
    await database.close();
  };
}
