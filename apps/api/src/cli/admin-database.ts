import { openDatabase } from '../db/database.js';
import { clientTransact } from '../db/transaction.js';
import type { Env } from '../env.js';
import type { Db } from '../modules/auth/auth.service.js';

export const log = (message: string) => process.stderr.write(`${message}\n`);

/**
 * Opens the product's database for an admin command and runs `fn` on it. With
 * DATABASE_URL it uses that server (safe while the API runs); the embedded database is
 * refused while the server holds it (EmbeddedDatabaseBusyError says what to do).
 * Migrations run first; the open data is not loaded.
 */
export async function withAdminDatabase<T>(env: Env, purpose: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    pgliteDir: env.PGLITE_DIR,
    dataDir: env.DATA_DIR,
    poolMax: 1,
    autoLoad: false,
    purpose,
    log,
  });
  try {
    const client = database.newClient();
    await client.connect();
    try {
      return await fn({ db: client, transact: clientTransact(client) });
    } finally {
      await client.end();
    }
  } finally {
    await database.close();
  }
}
