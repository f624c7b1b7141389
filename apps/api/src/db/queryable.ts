import type { QueryResult, QueryResultRow } from 'pg';

/** A statement prepared once per connection under `name`, then only bound and executed. */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/**
 * A statement node-postgres stops waiting for after `query_timeout` ms (pg reads it from a
 * query's config; @types/pg only knows it as a client setting).
 */
export interface TimedStatement {
  text: string;
  values?: unknown[];
  name?: string;
  query_timeout: number;
}

/** Anything repositories can run SQL on: the pool, or a transaction's client. */
export interface Queryable {
  query<R extends QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  query<R extends QueryResultRow = Record<string, unknown>>(statement: NamedStatement | TimedStatement): Promise<QueryResult<R>>;
}
