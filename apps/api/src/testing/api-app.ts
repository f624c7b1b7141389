import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import type { TrustProxy } from '../env.js';
import type { ProvidedDatabase } from './global-setup.js';

/** Builds the app on a shared test database, quietly. Close it in afterAll. */
export function appFor(database: ProvidedDatabase, extra: { webDist?: string; trustProxy?: TrustProxy } = {}): Promise<FastifyInstance> {
  return buildApp({
    connection: { connectionString: database.connectionString },
    databaseKind: database.kind,
    poolMax: database.poolMax,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...extra,
  });
}

/**
 * Registers an app on a shared test database for the enclosing describe block, built
 * before its tests and closed after them. Call the returned function inside tests.
 */
export function useApp(database: ProvidedDatabase, extra: { trustProxy?: TrustProxy } = {}): () => FastifyInstance {
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    app = await appFor(database, extra);
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => {
    if (!app) throw new Error('the app is built in beforeAll: call this inside a test');
    return app;
  };
}
