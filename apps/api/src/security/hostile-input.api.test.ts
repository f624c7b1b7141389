import { ErrorBody, ImportReport } from '@common-ground/schema';
import Fastify, { type InjectOptions } from 'fastify';
import { describe, expect, inject, it } from 'vitest';
import { registerErrorHandler } from '../plugins/error-handler.js';
import { useApp } from '../testing/api-app.js';
import { nextTestAddress, signedIn, TEST_PASSWORD, uniqueEmail } from '../testing/people.js';

/*
 * Hostile input, case by case: text PostgreSQL cannot store is refused where it comes in
 * (query, path, body at any depth) naming the field; numbers are bounded to their columns;
 * an import record with such text is a rejected record; and a data exception from the
 * database that a schema missed is still the caller's 400. fuzz.api.test.ts searches for
 * the cases nobody wrote down.
 */

const issuesOf = (res: { statusCode: number; json(): unknown }) => {
  expect(res.statusCode).toBe(400);
  const body = ErrorBody.parse(res.json());
  expect(body.code).toBe('invalid_request');
  return body.issues ?? [];
};

describe.each(inject('databases'))('hostile input on the $kind database', (database) => {
  const app = useApp(database);
  const send = (request: InjectOptions) => app().inject({ ...request, remoteAddress: nextTestAddress() });

  it('refuses a NUL in a query string, naming the parameter and where in it the NUL is', async () => {
    for (const url of [
      '/api/search?q=a%00b',
      '/api/suggest?q=a%00b',
      '/api/export/assets?area=Sheff%00ield&format=csv',
      '/openreferral/services?search=a%00',
    ]) {
      const res = await send({ method: 'GET', url });
      const [issue] = issuesOf(res);
      expect(issue!.path, url).toMatch(/^querystring\.(q|area|search)$/);
      expect(issue!.message).toMatch(/^must not contain a NUL character \(U\+0000\): one is at character \d+$/);
    }
  });

  it('refuses a NUL in a path parameter', async () => {
    const res = await send({ method: 'GET', url: '/api/areas/E01%0000001' });
    expect(issuesOf(res)).toMatchObject([{ path: 'params.code', message: /NUL character/ }]);
  });

  it('refuses a lone surrogate or a NUL anywhere in a JSON body, deep in arrays and objects too', async () => {
    const resident = await signedIn(app(), 'resident', 'hostile');
    const res = await send({
      method: 'POST',
      url: '/api/assets',
      headers: resident.headers,
      payload: { name: 'Hall \ud800', categoryCode: 'library', postcode: 'S1 2HE', languages: ['en', 'c\u0000y'] },
    });
    expect(issuesOf(res).map((i) => i.path)).toEqual(['body.name', 'body.languages.1']);
    expect((await app().pg.query(`SELECT 1 FROM assets WHERE created_by = $1`, [resident.user.id])).rowCount).toBe(0);
  });

  it('refuses bad text in the fields people type when signing in, registering and reporting', async () => {
    const cases = [
      { url: '/api/auth/sign-in', payload: { email: 'a\u0000@example.org', password: TEST_PASSWORD }, path: 'body.email' },
      { url: '/api/auth/register', payload: { email: uniqueEmail('hostile'), password: TEST_PASSWORD, displayName: 'Me \udc00' }, path: 'body.displayName' },
      { url: '/api/custom-areas', payload: { name: 'x\u0000', lsoaCodes: ['E01000001'] }, path: 'body.name' },
    ];
    const resident = await signedIn(app(), 'resident', 'hostile');
    for (const c of cases) {
      const res = await send({ method: 'POST', url: c.url, payload: c.payload, headers: c.url.includes('custom') ? resident.headers : {} });
      expect(
        issuesOf(res).map((i) => i.path),
        c.url,
      ).toEqual([c.path]);
    }
  });

  it('refuses a bad key in a body as well as a bad value, showing the key printably', async () => {
    const admin = await signedIn(app(), 'admin', 'hostile');
    const res = await send({
      method: 'PUT',
      url: `/api/admin/users/${admin.user.id}/role`,
      headers: admin.headers,
      payload: { role: 'admin', 'r\u0000le': 1 },
    });
    expect(issuesOf(res)).toMatchObject([{ path: 'body.r\ufffdle', message: /^the field's name must not contain a NUL/ }]);
  });

  it('still answers 401 to the anonymous before looking at the body', async () => {
    const res = await send({ method: 'POST', url: '/api/assets', payload: { name: '\u0000' } });
    expect(res.statusCode).toBe(401);
  });

  it('says on which line of a need-measure CSV a NUL is', async () => {
    const worker = await signedIn(app(), 'worker', 'hostile');
    const csv = 'lsoa21cd,value\nE01000001,1\nE01000002,2\u00003\n';
    const res = await send({
      method: 'POST',
      url: '/api/need-measures',
      headers: worker.headers,
      payload: { name: 'N', direction: 'higher_is_more_need', csv },
    });
    expect(issuesOf(res)).toEqual([{ path: 'body.csv', message: 'must not contain a NUL character (U+0000): one is at line 3, column 12' }]);
  });

  it('bounds numbers to the integer columns they are stored in, naming the field', async () => {
    const admin = await signedIn(app(), 'admin', 'hostile');
    const worker = await signedIn(app(), 'worker', 'hostile');
    const code = `hostile-${process.pid}-${Date.now()}`;
    const created = await send({
      method: 'POST',
      url: '/api/categories',
      headers: admin.headers,
      payload: { code, parentCode: null, name: 'Hostile', abcdType: 'association', colour: '#336699', sortOrder: 2_147_483_648 },
    });
    expect(issuesOf(created)).toEqual([{ path: 'body.sortOrder', message: 'must be at most 2147483647' }]);
    const patched = await send({ method: 'PATCH', url: '/api/categories/library', headers: admin.headers, payload: { sortOrder: 9_007_199_254_740_991 } });
    expect(issuesOf(patched).map((i) => i.path)).toEqual(['body.sortOrder']);
    const verify = await send({
      method: 'POST',
      url: '/api/assets/00000000-0000-4000-8000-000000000000/verify',
      headers: worker.headers,
      payload: { baseVersion: 2_147_483_648 },
    });
    expect(issuesOf(verify).map((i) => i.path)).toEqual(['body.baseVersion']);
    for (const url of [
      '/api/worker/assets?limit=1e400&offset=99999999999999999999',
      '/api/search?page=9007199254740993&radius=-1e308',
      '/api/gaps?offset=1e21&limit=-0',
    ]) {
      const res = await send({ method: 'GET', url, headers: worker.headers });
      expect(res.statusCode, url).toBe(400);
    }
  });

  it('rejects an import record with a NUL or a lone surrogate in the dry run, naming the field, and keeps the others', async () => {
    const worker = await signedIn(app(), 'worker', 'hostile');
    const { rows } = await app().pg.query<{ postcode: string }>(`SELECT postcode FROM postcodes WHERE lsoa_code IS NOT NULL ORDER BY postcode LIMIT 1`);
    const postcode = rows[0]!.postcode;
    const csv = `name,postcode,notes\nGood hall ${process.pid},${postcode},fine\nBad\u0000hall,${postcode},fine\nOther hall,${postcode},x\u0000\n`;
    const res = await send({
      method: 'POST',
      url: '/api/imports',
      headers: worker.headers,
      payload: {
        fileName: 'hostile.csv',
        contentBase64: Buffer.from(csv).toString('base64'),
        mapping: { name: 'name', postcode: 'postcode', description: 'notes', defaultCategory: 'library' },
        source: { code: `hostile-${process.pid}`, name: 'Hostile', publisher: 'Tests', licence: 'OGL-UK-3.0', attribution: 'Tests' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = ImportReport.parse(res.json());
    expect(report.rows.map((r) => [r.line, r.outcome, r.issues.map((i) => i.field)])).toEqual([
      [2, 'added', []],
      [3, 'rejected', ['name']],
      [4, 'rejected', ['description']],
    ]);
    expect(report.rows[1]!.name).toBe('Bad\ufffdhall');
  });

  it('answers a data exception from the database that no schema caught with a 400, not a 500', async () => {
    // A route the schemas do not guard, over the test database: the backstop in the one error handler.
    const bare = Fastify();
    registerErrorHandler(bare);
    const run = async (sql: string, value: string): Promise<unknown[]> => (await app().pg.query<Record<string, unknown>>(sql, [value])).rows;
    bare.get('/out-of-range', () => run('SELECT $1::integer AS n', '99999999999'));
    bare.get('/nul', () => run('SELECT $1::text AS t', 'a\u0000b'));
    bare.get('/not-a-number', () => run('SELECT $1::numeric AS n', 'twelve'));
    bare.get('/bad-date', () => run('SELECT $1::timestamptz AS t', '2024-02-30T25:00:00Z'));
    for (const [url, words] of [
      ['/out-of-range', /number .* out of range/],
      ['/nul', /character that cannot be stored/],
      ['/not-a-number', /not in the form it needs/],
      ['/bad-date', /date or time/],
    ] as const) {
      const res = await bare.inject({ method: 'GET', url });
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(ErrorBody.parse(res.json())).toMatchObject({ code: 'invalid_request', message: words });
    }
    // The database is still answering on the same pool afterwards.
    expect((await app().pg.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await bare.close();
  });
});
