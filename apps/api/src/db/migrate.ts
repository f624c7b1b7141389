import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from './sql.js';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

interface Migration {
  version: number;
  name: string;
  file: string;
}

async function listMigrations(dir: string): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f)).sort();
  return files.map((file) => ({ version: Number(file.slice(0, 3)), name: file.slice(4, -4), file }));
}

/**
 * Apply every numbered SQL migration not yet applied, each in its own transaction.
 * An advisory lock keeps two API instances starting together from racing.
 * Returns the versions applied.
 */
export async function migrate(sql: Sql, dir = MIGRATIONS_DIR): Promise<number[]> {
  await sql.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  await sql.query('SELECT pg_advisory_lock(727274)');
  try {
    const done = new Set((await sql.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of await listMigrations(dir)) {
      if (done.has(m.version)) continue;
      const text = await readFile(path.join(dir, m.file), 'utf8');
      await sql.transaction(async (tx) => {
        await tx.exec(text);
        await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      });
      applied.push(m.version);
    }
    return applied;
  } finally {
    await sql.query('SELECT pg_advisory_unlock(727274)');
  }
}
