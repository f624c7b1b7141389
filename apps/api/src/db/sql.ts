/**
 * The little the data loader and migrations need from a database, met by both a
 * `pg` client and an in-process PGlite.
 */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Run several statements with no parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Run `fn` in one transaction on this connection. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export type DatabaseKind = 'embedded' | 'server';
