import type { QueryResult, QueryResultRow } from 'pg';

/** A statement prepared once per connection under `name`, then only bound and executed. */
export interface NamedStatement {
  name: string;
  text: string;
  values: unknown[];
}

/** Anything repositories can run SQL on: the pool, or a transaction's client. */
export interface Queryable {
  query<R extends QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  query<R extends QueryResultRow = Record<string, unknown>>(statement: NamedStatement): Promise<QueryResult<R>>;
}
