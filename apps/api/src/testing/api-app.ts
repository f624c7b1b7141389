import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '../app.js';
import type { ProvidedDatabase } from './global-setup.js';

/** What a test may set beside the database. */
export type TestAppOptions = Partial<Pick<AppOptions, 'webDist' | 'trustProxy' | 'backgroundWork' | 'gapComputationLimits' | 'shedLoad'>>;

/**
 * Builds the app on a shared test database, quietly, without background work (tests drive
 * the provision worker themselves: testing/provision-worker.ts). Close it in afterAll.
 * Every injected request comes from one address, so the per-address limit on anonymous gap
 * computations (meant for the public) is set out of reach, except where a test sets it.
 * Load shedding is off unless a test turns it on: the test's own work shares the event loop.
 */
export function appFor(database: ProvidedDatabase, extra: TestAppOptions = {}): Promise<FastifyInstance> {
  return buildApp({
    connection: { connectionString: database.connectionString },
    databaseKind: database.kind,
    poolMax: database.poolMax,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'silent',
    shedLoad: false,
    ...extra,
    gapComputationLimits: { anonymousPerWindow: 1_000_000, ...extra.gapComputationLimits },
  });
}

/**
 * Registers an app on a shared test database for the enclosing describe block, built
 * before its tests and closed after them. Call the returned function inside tests.
 */
export function useApp(database: ProvidedDatabase, extra: TestAppOptions = {}): () => FastifyInstance {
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
