import type { QueryResult, QueryResultRow } from 'pg';

/** Anything repositories can run SQL on: the pool, or a transaction's client. */
export interface Queryable {
  query<R extends QueryResultRow = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}
