import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../testing/api-app.js';

/** Values that are wrong for any parameter: empty-ish, huge, hostile, wrong type. */
const BAD_VALUES = ['x', '-1', '99999999999999999999', '%00', "'; DROP TABLE assets; --", 'ü', '1.5', '..%2F..%2Fetc%2Fpasswd'];

describe.each(inject('databases'))('every route on the $kind database', (database) => {
  const app = useApp(database);

  it('has the routes of the walking skeleton in its registry', () => {
    const urls = app().routeTable.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(
      expect.arrayContaining([
        'GET /api/health',
        'GET /api/categories',
        'GET /api/assets',
        'GET /api/assets/:id',
        'GET /api/areas/:code',
        'GET /tiles/areas/:z/:x/:y',
        'GET /tiles/assets/:z/:x/:y',
      ]),
    );
  });

  it('answers bad path parameters and query strings on every route with a 4xx, never a 500', async () => {
    const failures: string[] = [];
    for (const route of app().routeTable.filter((r) => r.method === 'GET' && r.public)) {
      for (const bad of BAD_VALUES) {
        const path = route.url.replace(/:\w+/g, bad).replace(/\*$/, bad);
        const query = `?bbox=${bad}&limit=${bad}&category=${bad}&q=${bad}`;
        const res = await app().inject({ method: 'GET', url: `${path}${query}` });
        if (res.statusCode >= 500) failures.push(`${route.url} with ${bad}: ${res.statusCode} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
