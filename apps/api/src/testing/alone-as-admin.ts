import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/db.js';
import type { Transact } from '../db/transaction.js';

/**
 * Runs `fn` in a transaction, rolled back afterwards, in which `adminId` is the only
 * admin (every other admin of the shared test database is a worker there and only
 * there). For rules about "the last admin" without touching anyone else's people.
 * `fn` gets the transaction as a service's `Db`.
 */
export async function asOnlyAdmin(app: FastifyInstance, adminId: string, fn: (db: Db) => Promise<void>): Promise<void> {
  const client = await app.pg.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`UPDATE users SET role = 'worker' WHERE role = 'admin' AND id <> $1`, [adminId]);
    // The service's own transaction runs inside this one, on the same connection.
    const transact: Transact = (inner) => inner(client);
    await fn({ db: client, transact, transactJob: transact, kind: app.database.kind });
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}
