import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import type { ProvidedDatabase } from './global-setup.js';

/** Builds the app on a shared test database, quietly. Close it in afterAll. */
export function appFor(database: ProvidedDatabase, extra: { webDist?: string } = {}): Promise<FastifyInstance> {
  return buildApp({
    connectionString: database.connectionString,
    databaseKind: database.kind,
    poolMax: database.poolMax,
    logLevel: 'silent',
    ...extra,
  });
}
