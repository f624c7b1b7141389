/**
 * Settings every database session of the API needs. The server pool sends them when it
 * connects (libpq `options`, also what PGOPTIONS sets for psql and pgbench); embedded
 * PGlite is one session, set once when it opens.
 */

/**
 * Names and categories at least this close (pg_trgm word similarity) match a typed
 * query. Set as pg_trgm's threshold so `text <% search_text` is decided by the trigram
 * GIN index rather than by computing word_similarity() on every row.
 */
export const TRIGRAM_WORD_SIMILARITY = 0.45;

export const SESSION_SETTINGS: Readonly<Record<string, string>> = {
  'pg_trgm.word_similarity_threshold': String(TRIGRAM_WORD_SIMILARITY),
  // JIT compiling pays off for long analytical queries, not for the API's: at 250k assets
  // it fired on low-zoom asset tiles and cost ~1 s each (z6: 1,670 ms with it, 564 without).
  jit: 'off',
};

/** `-c name=value …`, for pg's `options` and for PGOPTIONS. */
export function startupOptions(): string {
  return Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
}

/** The same settings as SET statements. */
export function setStatements(): string {
  return Object.entries(SESSION_SETTINGS)
    .map(([name, value]) => `SET ${name} = '${value}';`)
    .join('\n');
}
