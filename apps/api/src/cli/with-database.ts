import { openDatabase } from '../db/database.js';
import { clientDb, type Db } from '../db/db.js';
import type { Sql } from '../db/sql.js';
import type { Env } from '../env.js';

export const log = (message: string) => process.stderr.write(`${message}\n`);

export interface CommandDatabaseOptions {
  /** What holds the embedded database, named when another command or `pnpm start` finds it busy. */
  purpose: string;
  /** Runs on the migrated database before the command's connection opens (the data loader). */
  afterMigrations?: (sql: Sql) => Promise<void>;
}

/**
 * How every command-line tool reaches the product's database: with DATABASE_URL that server
 * (safe while the API runs), otherwise the embedded database, which is refused while
 * `pnpm start` holds it (EmbeddedDatabaseBusyError says what to do). Migrations run first;
 * `fn` gets one connection as a `Db`, the same seam the API's routes hand their services.
 */
export async function withDatabase<T>(env: Env, options: CommandDatabaseOptions, fn: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    pgliteDir: env.PGLITE_DIR,
    dataDir: env.DATA_DIR,
    poolMax: 1,
    purpose: options.purpose,
    log,
    ...(options.afterMigrations && { afterMigrations: options.afterMigrations }),
  });
  try {
    const client = database.newClient();
    await client.connect();
    try {
      return await fn(clientDb(client, database.kind));
    } finally {
      await client.end();
    }
  } finally {
    await database.close();
  }
}
