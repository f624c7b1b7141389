import type { SearchHit, SearchResults } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import { appendPage, joinPages, pageRequests } from './result-pages.js';

describe('result pages', () => {
  it('loads a first view in one request when the API allows it', () => {
    expect(pageRequests(0, 20)).toEqual([{ page: 1, pageSize: 20 }]);
    expect(pageRequests(0, 100)).toEqual([{ page: 1, pageSize: 100 }]);
  });

  it('splits a first view larger than the API’s page into its largest pages', () => {
    expect(pageRequests(0, 200)).toEqual([
      { page: 1, pageSize: 100 },
      { page: 2, pageSize: 100 },
    ]);
    expect(pageRequests(0, 120)).toHaveLength(2);
  });

  it('asks for only the next page of the list for "Show more"', () => {
    expect(pageRequests(20, 40)).toEqual([{ page: 2, pageSize: 20 }]);
    expect(pageRequests(40, 47)).toEqual([{ page: 3, pageSize: 20 }]);
    expect(pageRequests(40, 40)).toEqual([]);
  });

  const hit = (id: string) => ({ id }) as SearchHit;
  const answer = (page: number, pageSize: number, ids: string[], total = 500): SearchResults => ({
    total,
    page,
    pageSize,
    place: null,
    coverage: null,
    results: ids.map(hit),
  });

  it('joins answers in order, trimmed to the range asked for', () => {
    const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => `r${from + i}`);
    const joined = joinPages([answer(1, 100, ids(0, 100)), answer(2, 100, ids(100, 100))], 0, 120);
    expect(joined.results.map((r) => r.id)).toEqual(ids(0, 120));
    expect(joinPages([answer(3, 20, ids(40, 20))], 40, 60).results.map((r) => r.id)).toEqual(ids(40, 20));
  });

  it('adds a page without repeating a result already listed', () => {
    const next = appendPage(answer(1, 20, ['a', 'b'], 4), answer(2, 20, ['b', 'c', 'd'], 5));
    expect(next.results.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(next.total).toBe(5);
  });
});
