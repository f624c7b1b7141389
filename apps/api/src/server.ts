/**
 * `pnpm start`: opens the database (embedded PGlite unless DATABASE_URL is set), loads
 * the open data on first start, and serves the API and web app on one port.
 */
import path from 'node:path';
import v8 from 'node:v8';
import { buildApp } from './app.js';
import { openDatabase } from './db/database.js';
import { readEnv } from './env.js';
import { EmbeddedDatabaseBusyError } from './errors.js';
import { loadIfEmpty } from './loader/load-all.js';

/**
 * V8 lets its old generation grow to a few times what is live before it collects it, so what
 * one big piece of work leaves behind (a 50,000-record import check: ~200 MB) stays until the
 * next one has grown on top of it. Growing by half of what is live at most keeps the process
 * near its real needs: five 50,000-record imports in turn peaked at 564 MiB RSS, against 1,079
 * MiB (bench/import.bench.ts), no slower. Read at each collection, so it applies from here on;
 * a `--heap-growing-percent` given to node itself wins.
 */
function boundHeapGrowth(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => /^--heap[-_]growing[-_]percent/.test(a));
  if (!given) v8.setFlagsFromString('--heap-growing-percent=50');
}

async function main(): Promise<void> {
  boundHeapGrowth();
  const env = readEnv();
  const log = (message: string) => process.stdout.write(`${message}\n`);
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    pgliteDir: env.PGLITE_DIR,
    dataDir: env.DATA_DIR,
    poolMax: env.DATABASE_POOL_MAX,
    ...(env.AUTO_LOAD_DATA && { afterMigrations: (sql) => loadIfEmpty(sql, { dataDir: env.DATA_DIR, log }) }),
    purpose: `pnpm start on port ${env.PORT}`,
    log,
  });
  const app = await buildApp({
    connection: database.connection,
    databaseKind: database.kind,
    poolMax: database.poolMax,
    webDist: env.WEB_DIST,
    streetsDir: path.join(env.DATA_DIR, 'streets'),
    basemapStyleUrl: env.BASEMAP_STYLE_URL,
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    backgroundWork: { recomputeIfNeverComputed: env.PROVISION_ON_START },
  });

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal}: closing`);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  log(`\nCommon Ground is running on the ${database.kind} database: http://localhost:${port}/`);
  log(`API documentation: http://localhost:${port}/docs\n`);
}

main().catch((error: unknown) => {
  if (error instanceof EmbeddedDatabaseBusyError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
