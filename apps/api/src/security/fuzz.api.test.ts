import type { FastifyInstance } from 'fastify';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../testing/api-app.js';
import { fuzzApp } from '../testing/fuzz/fuzz-run.js';

/*
 * Hostile input on every route: requests generated with fast-check from the app's own
 * OpenAPI document (so from the zod schemas), for every route and method in Fastify's
 * registry and as each role, mostly valid (so they reach services and SQL) and partly
 * hostile (NUL, lone surrogates, numbers beyond every column, wrong types, unknown enum
 * values, empty and overlong values, deep and huge JSON). No request may get a 5xx, and
 * every 4xx must say what is wrong. See src/testing/fuzz/.
 *
 * The seed is fixed, so every run sends the same requests; `pnpm --filter @common-ground/bench
 * exec tsx fuzz.bench.ts` runs longer with a random seed (and prints it, to replay here).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_113);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);

/**
 * What other test files rely on, summed up: loaded and test assets, categories, notes, custom
 * areas, need measures, imports, people. The fuzzer removes what it made, so this is the same
 * after it as before.
 */
async function sharedState(app: FastifyInstance): Promise<Record<string, string>> {
  const { rows } = await app.pg.query<{ what: string; digest: string }>(
    `SELECT 'assets' AS what, md5(coalesce(string_agg(id::text || ':' || version || ':' || name, ',' ORDER BY id), '')) AS digest FROM assets
     UNION ALL SELECT 'categories', md5(coalesce(string_agg(code || ':' || name || ':' || coalesce(parent_code, '') || ':' || sort_order, ',' ORDER BY code), '')) FROM categories
     UNION ALL SELECT 'asset_sources', count(*)::text FROM asset_sources
     UNION ALL SELECT 'annotations', count(*)::text FROM annotations
     UNION ALL SELECT 'custom_areas', count(*)::text FROM custom_areas
     UNION ALL SELECT 'custom_need_measures', count(*)::text FROM custom_need_measures
     UNION ALL SELECT 'imports', count(*)::text FROM imports
     UNION ALL SELECT 'sources', count(*)::text FROM sources
     UNION ALL SELECT 'users', count(*)::text FROM users`,
  );
  return Object.fromEntries(rows.map((r) => [r.what, r.digest]));
}

describe.each(inject('databases'))('fuzzing every route on the $kind database', (database) => {
  const app = useApp(database);

  it(`answers ${RUNS} generated requests per route and role without a 5xx (seed ${SEED})`, { timeout: 900_000 }, async () => {
    const before = await sharedState(app());
    const report = await fuzzApp(app(), { seed: SEED, runs: RUNS, log: process.env.FUZZ_LOG ? (line) => process.stderr.write(`${line}\n`) : undefined });
    process.stderr.write(
      `fuzz on ${database.kind}: ${report.requests} requests in ${(report.ms / 1000).toFixed(1)} s (${report.retried} sent again after a 503), statuses ${JSON.stringify(report.statuses)}, ` +
        `by kind ${JSON.stringify(report.byKind)}; slowest routes ${JSON.stringify(report.slowest)}\n`,
    );
    expect(report.failures).toEqual([]);
    // Every live answer is one the OpenAPI document describes (status and media type).
    expect(report.undocumented).toEqual([]);
    expect(await sharedState(app()), 'the shared test database after the run').toEqual(before);
    // Valid requests must mostly get through validation (and the guards), or the fuzzer
    // would test only the schemas: not every one can (a resident asking for an admin route).
    const valid = report.byKind.valid!;
    expect(valid.passed / valid.requests).toBeGreaterThan(0.35);
  });
});
