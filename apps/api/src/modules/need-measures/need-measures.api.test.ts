import { DeprivationTable, ErrorBody, GapsResult, NeedMeasureCreated, NeedMeasureDryRun, NeedMeasureList, type NeedMeasureUpload } from '@common-ground/schema';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { nextTestAddress, signedIn, type TestPerson } from '../../testing/people.js';

/*
 * Need measures loaded from CSV: upload and dry run, bad files (each a 400 naming line and
 * column), who may load and delete, workers-only measures kept out of public answers, and
 * /api/gaps ranking by a custom measure on a hand-checkable fixture.
 */

describe.each(inject('databases'))('need measures on the $kind database', (database) => {
  const app = useApp(database);
  const unique = `${process.pid}${Date.now()}`;
  let counter = 0;
  const slug = (label: string) => `t-${label}-${unique}-${counter++}`;
  let worker: TestPerson;
  let otherWorker: TestPerson;
  let admin: TestPerson;
  let resident: TestPerson;
  /** 20 real LSOA codes, in code order. */
  let codes: string[];

  const send = (person: TestPerson | null, request: InjectOptions) =>
    app().inject({ ...request, remoteAddress: nextTestAddress(), headers: { ...request.headers, ...person?.headers } });
  const upload = (person: TestPerson | null, body: Partial<NeedMeasureUpload>) =>
    send(person, { method: 'POST', url: '/api/need-measures', payload: { name: 'Test need', direction: 'higher_is_more_need', ...body } });
  /** A CSV of codes[i] with value i + 1 (so codes[19] is the most need when higher is more). */
  const csvOf = (rows: readonly (readonly [string, string | number])[], header = 'lsoa21cd,value') =>
    `${header}\n${rows.map(([c, v]) => `${c},${v}`).join('\n')}\n`;
  const twenty = () => codes.map((c, i) => [c, i + 1] as const);
  const badRequest = (res: { statusCode: number; json(): unknown }) => {
    expect(res.statusCode).toBe(400);
    return ErrorBody.parse(res.json());
  };

  beforeAll(async () => {
    worker = await signedIn(app(), 'worker', 'measurer');
    otherWorker = await signedIn(app(), 'worker', 'other-measurer');
    admin = await signedIn(app(), 'admin', 'measure-admin');
    resident = await signedIn(app(), 'resident', 'measure-resident');
    codes = (await app().pg.query<{ code: string }>('SELECT code FROM areas ORDER BY code LIMIT 20')).rows.map((r) => r.code);
  });

  afterAll(async () => {
    await app().pg.query(`DELETE FROM custom_need_measures WHERE slug LIKE $1`, [`t-%-${unique}-%`]);
  });

  it('checks a file in a dry run and answers with its summary, storing nothing', async () => {
    const s = slug('dry');
    const res = await upload(worker, { slug: s, csv: csvOf(twenty()), dryRun: true });
    expect(res.statusCode).toBe(200);
    const body = NeedMeasureDryRun.parse(res.json());
    const lsoas = (await app().pg.query<{ n: number }>('SELECT count(*)::int AS n FROM areas')).rows[0]!.n;
    expect(body.summary).toEqual({
      lsoaColumn: 'lsoa21cd',
      valueColumn: 'value',
      rows: 20,
      matched: 20,
      coverage: 20 / lsoas,
      min: 1,
      max: 20,
      // Ranks 1…20, decile ⌈10 × rank / 20⌉: two LSOAs in each.
      decileCounts: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2],
    });
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect((await send(worker, { method: 'GET', url: `/api/need-measures/${s}` })).statusCode).toBe(404);
  });

  it('stores a measure with ranks and deciles among the LSOAs it covers, ties sharing the better decile', async () => {
    const s = slug('store');
    // Values 1…20, except the top three tie at 20: ranks 1, 1, 1, 4, 5 … 20.
    const rows = codes.map((c, i) => [c, Math.min(i + 1, 18) === 18 ? 20 : i + 1] as const);
    const res = await upload(worker, { slug: s, name: 'Survey of need', description: 'Door-to-door survey', source: 'Ours, CC BY 4.0', csv: csvOf(rows) });
    expect(res.statusCode).toBe(201);
    const created = NeedMeasureCreated.parse(res.json());
    expect(created.measure).toMatchObject({
      slug: s,
      domain: `need:${s}`,
      name: 'Survey of need',
      description: 'Door-to-door survey',
      source: 'Ours, CC BY 4.0',
      direction: 'higher_is_more_need',
      visibility: 'workers',
      uploadedBy: { id: worker.user.id },
      rowCount: 20,
      min: 1,
      max: 20,
      canDelete: true,
    });
    const table = await send(worker, { method: 'GET', url: `/api/deprivation/need:${s}` });
    expect(table.statusCode).toBe(200);
    expect(table.headers['cache-control']).toBe('private, no-store');
    const byCode = new Map(DeprivationTable.parse(table.json()).areas.map((a) => [a.code, a]));
    expect(byCode.size).toBe(20);
    // codes[17..19] tie at 20: rank 1, decile ⌈10/20⌉ = 1 (decile 1 then holds three).
    for (const i of [17, 18, 19]) expect(byCode.get(codes[i]!)).toEqual({ code: codes[i], score: 20, rank: 1, decile: 1 });
    // codes[16] (17) is rank 4: decile 2; codes[0] (1) is rank 20: decile 10.
    expect(byCode.get(codes[16]!)).toMatchObject({ score: 17, rank: 4, decile: 2 });
    expect(byCode.get(codes[0]!)).toMatchObject({ score: 1, rank: 20, decile: 10 });

    const audit = await app().pg.query<{ action: string; details: { slug: string; rows: number } }>(
      `SELECT action, details FROM audit_log WHERE subject_id = $1`,
      [created.measure.id],
    );
    expect(audit.rows).toEqual([{ action: 'need_measure_upload', details: expect.objectContaining({ slug: s, rows: 20 }) as object }]);
  });

  it('reads a BOM, CRLF line ends, quoted fields and the usual header names, and ranks lower-is-more-need', async () => {
    const s = slug('messy');
    const lines = codes.map((c, i) => `"${c}","Area, ${i}",${i + 1}.5`);
    const csv = `\uFEFF"LSOA code","Name, as given",Score\r\n${lines.join('\r\n')}\r\n\r\n`;
    const res = await upload(worker, { slug: s, csv, direction: 'lower_is_more_need', dryRun: false });
    expect(res.statusCode).toBe(201);
    const created = NeedMeasureCreated.parse(res.json());
    expect(created.summary).toMatchObject({ lsoaColumn: 'LSOA code', valueColumn: 'Score', rows: 20, min: 1.5, max: 20.5 });
    const table = DeprivationTable.parse((await send(worker, { method: 'GET', url: `/api/deprivation/need:${s}` })).json());
    expect(table.areas.find((a) => a.code === codes[0])).toMatchObject({ score: 1.5, rank: 1, decile: 1 });
  });

  it('takes the columns it is told, and a body well over 64 KiB', async () => {
    const note = 'n'.repeat(5000);
    const csv = `id,notes,${'my value'},code\n${codes.map((c, i) => `${i},${note},${i * 2},${c}`).join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(64 * 1024);
    const res = await upload(worker, { slug: slug('columns'), csv, lsoaColumn: 'code', valueColumn: 'my value', dryRun: true });
    expect(res.statusCode).toBe(200);
    expect(NeedMeasureDryRun.parse(res.json()).summary).toMatchObject({ lsoaColumn: 'code', valueColumn: 'my value', min: 0, max: 38 });
  });

  describe('refuses bad files with a 400 naming the line and the column', () => {
    it('an empty file', async () => {
      const body = badRequest(await upload(worker, { slug: slug('bad'), csv: '\n\n' }));
      expect(body.issues).toEqual([{ path: 'body.csv', message: expect.stringContaining('is empty') as string }]);
    });

    it('too few rows for deciles', async () => {
      const body = badRequest(await upload(worker, { slug: slug('bad'), csv: csvOf(twenty().slice(0, 9)) }));
      expect(body.issues).toEqual([{ path: 'body.csv', message: expect.stringMatching(/has 9 data rows; at least 10/) as string }]);
    });

    it('a value that is not a number, and an empty one', async () => {
      const rows = twenty().map(([c, v], i) => [c, i === 2 ? 'n/a' : i === 4 ? '' : v] as const);
      const body = badRequest(await upload(worker, { slug: slug('bad'), csv: csvOf(rows, 'lsoa21cd,score') }));
      expect(body.message).toMatch(/^2 problems in the file/);
      // Line 1 is the header: codes[2] is on line 4.
      expect(body.issues).toEqual([
        { path: 'body.csv line 4, column "score"', message: expect.stringContaining('"n/a" is not a number') as string },
        { path: 'body.csv line 6, column "score"', message: expect.stringContaining('is empty') as string },
      ]);
    });

    it('an LSOA code given twice', async () => {
      const rows = [...twenty(), [codes[3]!, 99] as const];
      const body = badRequest(await upload(worker, { slug: slug('bad'), csv: csvOf(rows) }));
      expect(body.issues).toEqual([
        { path: 'body.csv line 22, column "lsoa21cd"', message: `${codes[3]} appears again (first on line 5): give one value per LSOA` },
      ]);
    });

    it('codes that are not LSOAs, or not 2021 LSOAs in England, refusing the whole file and saying how many', async () => {
      const rows = [...twenty(), ['E01999998', 5] as const, ['E01999999', 6] as const];
      const body = badRequest(await upload(worker, { slug: slug('bad'), csv: csvOf(rows) }));
      expect(body.message).toMatch(/^2 of 22 LSOA codes are not 2021 LSOAs in England/);
      expect(body.issues).toEqual([
        { path: 'body.csv line 22, column "lsoa21cd"', message: 'E01999998 is not a 2021 LSOA in England' },
        { path: 'body.csv line 23, column "lsoa21cd"', message: 'E01999999 is not a 2021 LSOA in England' },
      ]);
      const notCode = badRequest(await upload(worker, { slug: slug('bad'), csv: csvOf([...twenty(), ['W01000001x', 1] as const]) }));
      expect(notCode.issues![0]!.message).toMatch(/is not an LSOA code/);
    });

    it('no LSOA column, an unknown named column, no value column, and broken quoting', async () => {
      expect(badRequest(await upload(worker, { slug: slug('bad'), csv: csvOf(twenty(), 'place,value') })).issues![0]!.path).toBe('body.lsoaColumn');
      expect(badRequest(await upload(worker, { slug: slug('bad'), csv: csvOf(twenty()), valueColumn: 'imd' })).issues).toEqual([
        { path: 'body.valueColumn', message: 'no column "imd" in the header row (columns: "lsoa21cd", "value")' },
      ]);
      const three = `lsoa21cd,a,b\n${codes.map((c) => `${c},1,2`).join('\n')}\n`;
      expect(badRequest(await upload(worker, { slug: slug('bad'), csv: three })).issues![0]!.path).toBe('body.valueColumn');
      const broken = badRequest(await upload(worker, { slug: slug('bad'), csv: `${csvOf(twenty())}"${codes[0]},1\n` }));
      expect(broken.issues![0]!.path).toMatch(/^body\.csv line \d+$/);
    });
  });

  it('refuses a taken short name with 409', async () => {
    const s = slug('taken');
    expect((await upload(worker, { slug: s, csv: csvOf(twenty()) })).statusCode).toBe(201);
    const again = await upload(otherWorker, { slug: s, csv: csvOf(twenty()) });
    expect(again.statusCode).toBe(409);
    expect(ErrorBody.parse(again.json()).issues).toEqual([{ path: 'body.slug', message: `need:${s} is taken` }]);
  });

  it('makes a short name from the name when none is given', async () => {
    const name = `Community Needs ${unique} (2023)!`;
    const res = await upload(worker, { name, csv: csvOf(twenty()), dryRun: false });
    expect(res.statusCode).toBe(201);
    expect(NeedMeasureCreated.parse(res.json()).measure.slug).toBe(`community-needs-${unique}-2023`);
    await app().pg.query('DELETE FROM custom_need_measures WHERE slug = $1', [`community-needs-${unique}-2023`]);
  });

  it('lets only workers and admins load one (401 signed out, 403 residents)', async () => {
    expect((await upload(null, { slug: slug('nobody'), csv: csvOf(twenty()) })).statusCode).toBe(401);
    expect((await upload(resident, { slug: slug('resident'), csv: csvOf(twenty()) })).statusCode).toBe(403);
    expect((await upload(admin, { slug: slug('admin'), csv: csvOf(twenty()) })).statusCode).toBe(201);
  });

  it('lets the uploader or an admin delete a measure, audited; another worker gets 403', async () => {
    const s = slug('delete');
    const created = NeedMeasureCreated.parse((await upload(worker, { slug: s, csv: csvOf(twenty()) })).json());
    expect((await send(otherWorker, { method: 'DELETE', url: `/api/need-measures/${s}` })).statusCode).toBe(403);
    const other = NeedMeasureList.parse((await send(otherWorker, { method: 'GET', url: '/api/need-measures' })).json());
    expect(other.measures.find((m) => m.slug === s)?.canDelete).toBe(false);
    expect((await send(worker, { method: 'DELETE', url: `/api/need-measures/${s}` })).statusCode).toBe(204);
    expect((await send(worker, { method: 'GET', url: `/api/need-measures/${s}` })).statusCode).toBe(404);
    expect((await app().pg.query('SELECT 1 FROM custom_need_measure_values WHERE measure_id = $1', [created.measure.id])).rows).toEqual([]);
    const audit = await app().pg.query<{ action: string }>('SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id', [created.measure.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['need_measure_upload', 'need_measure_delete']);

    const byAdmin = slug('delete-admin');
    await upload(worker, { slug: byAdmin, csv: csvOf(twenty()) });
    expect((await send(admin, { method: 'DELETE', url: `/api/need-measures/${byAdmin}` })).statusCode).toBe(204);
    expect((await send(admin, { method: 'DELETE', url: `/api/need-measures/${byAdmin}` })).statusCode).toBe(404);
  });

  describe('visibility', () => {
    let hidden: string;
    let shown: string;

    beforeAll(async () => {
      hidden = slug('licensed');
      shown = slug('public');
      expect((await upload(worker, { slug: hidden, name: 'Licensed index', csv: csvOf(twenty()) })).statusCode).toBe(201);
      expect((await upload(worker, { slug: shown, name: 'Open survey', visibility: 'public', csv: csvOf(twenty()) })).statusCode).toBe(201);
    });

    it('keeps a workers-only measure out of every answer to the public and residents, as if it did not exist', async () => {
      for (const person of [null, resident]) {
        const list = NeedMeasureList.parse((await send(person, { method: 'GET', url: '/api/need-measures' })).json());
        expect(list.measures.map((m) => m.slug)).toContain(shown);
        expect(list.measures.map((m) => m.slug)).not.toContain(hidden);
        for (const [url, status] of [
          [`/api/need-measures/${hidden}`, 404],
          [`/api/deprivation/need:${hidden}`, 404],
          [`/api/gaps?domain=need:${hidden}&area=${codes[0]}`, 400],
        ] as const) {
          const res = await send(person, { method: 'GET', url });
          const missing = await send(person, { method: 'GET', url: url.replace(hidden, `${hidden}-none`) });
          expect(res.statusCode).toBe(status);
          // The same answer as for a measure that does not exist, but for its name.
          expect(res.body.replaceAll(hidden, 'X')).toBe(missing.body.replaceAll(`${hidden}-none`, 'X'));
          expect(res.body).not.toContain('Licensed index');
        }
      }
    });

    it('shows it to workers, in answers never stored by a shared cache', async () => {
      const list = NeedMeasureList.parse((await send(otherWorker, { method: 'GET', url: '/api/need-measures' })).json());
      expect(list.measures.find((m) => m.slug === hidden)).toMatchObject({ name: 'Licensed index', visibility: 'workers' });
      for (const url of [`/api/need-measures/${hidden}`, `/api/deprivation/need:${hidden}`, `/api/gaps?domain=need:${hidden}&area=${codes[0]}`]) {
        const res = await send(otherWorker, { method: 'GET', url });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['cache-control'], url).toBe('private, no-store');
      }
    });

    it('serves a public measure to everyone, cacheably in gaps', async () => {
      expect((await send(null, { method: 'GET', url: `/api/need-measures/${shown}` })).statusCode).toBe(200);
      const gaps = await send(null, { method: 'GET', url: `/api/gaps?domain=need:${shown}&area=${codes[0]}` });
      expect(gaps.statusCode).toBe(200);
      expect(gaps.headers['cache-control']).toBe('public, max-age=60');
      expect(GapsResult.parse(gaps.json()).settings).toMatchObject({ domain: `need:${shown}`, domainLabel: 'Open survey' });
    });
  });

  describe('gaps ranked by a custom measure', () => {
    const category = `test-needs-${unique}`;
    const source = `test-needs-${unique}`;
    let ward: string[];
    let measure: string;

    beforeAll(async () => {
      // A category with a complete source covering England and one asset far from the ward
      // (in England's last LSOA): with none_within=800 every ward LSOA has nothing that
      // near, so flag = deprived.
      await app().pg.query(`INSERT INTO categories (code, name, abcd_type, colour) VALUES ($1, $2, 'association', '#123456')`, [
        category,
        `Needs test ${unique}`,
      ]);
      await app().pg.query(
        `INSERT INTO sources (code, name, publisher, licence, attribution, source_date, covers_england, completeness)
         VALUES ($1, 'Needs test source', 'test', 'ODbL-1.0', 'test', '2025-01-01', true, 'complete')`,
        [source],
      );
      await app().pg.query(`INSERT INTO source_coverage_categories (source_code, category_code, completeness) VALUES ($1, $2, 'complete')`, [source, category]);
      await app().pg.query(
        `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence)
         SELECT 'Needs test asset', $1, ST_Transform(rp.geom_bng, 4326), 'exact', 'published', $2, 'ODbL-1.0'
         FROM area_residence_points rp ORDER BY rp.area_code DESC LIMIT 1`,
        [category, source],
      );
      const { rows } = await app().pg.query<{ ward_code: string }>(
        `SELECT ward_code FROM areas WHERE ward_code IS NOT NULL GROUP BY 1 HAVING count(*) BETWEEN 4 AND 8 ORDER BY 1 LIMIT 1`,
      );
      ward = (await app().pg.query<{ code: string }>('SELECT code FROM areas WHERE ward_code = $1 ORDER BY code', [rows[0]!.ward_code])).rows.map(
        (r) => r.code,
      );
      const others = (
        await app().pg.query<{ code: string }>('SELECT code FROM areas WHERE ward_code IS DISTINCT FROM $1 ORDER BY code LIMIT 20', [rows[0]!.ward_code])
      ).rows.map((r) => r.code);
      // 20 LSOAs in the file, most need first: ward[0] 100 (rank 1), ward[1] 90 (rank 2),
      // two others 80 and 70 (ranks 3, 4; decile 2), then ward[2…] and others from 10 down.
      // The last ward LSOA is left out: no value, so no decile, never flagged.
      const inFile = ward.slice(0, -1);
      const lows = [...inFile.slice(2), ...others.slice(2)].slice(0, 16).map((c, i) => [c, 10 - i * 0.5] as const);
      const rowsOut = [[inFile[0]!, 100], [inFile[1]!, 90], [others[0]!, 80], [others[1]!, 70], ...lows] as const;
      measure = slug('gaps');
      const res = await upload(worker, { slug: measure, name: 'Ward survey', csv: csvOf(rowsOut) });
      expect(res.statusCode).toBe(201);
    });

    afterAll(async () => {
      await app().pg.query('DELETE FROM assets WHERE category_code = $1', [category]);
      await app().pg.query('DELETE FROM provision_results WHERE category_code = $1', [category]);
      await app().pg.query('DELETE FROM sources WHERE code = $1', [source]);
      await app().pg.query('DELETE FROM categories WHERE code = $1', [category]);
    });

    it('flags the deprived LSOAs by the custom deciles, and says so in the method and the CSV', async () => {
      const area = (await app().pg.query<{ ward_code: string }>('SELECT ward_code FROM areas WHERE code = $1', [ward[0]])).rows[0]!.ward_code;
      const res = await send(worker, { method: 'GET', url: `/api/gaps?category=${category}&area=${area}&domain=need:${measure}&none_within=800` });
      expect(res.statusCode).toBe(200);
      const body = GapsResult.parse(res.json());
      const row = (code: string) => body.rows.find((r) => r.code === code)!;
      expect(body.rows.filter((r) => r.flag).map((r) => r.code)).toEqual([ward[0], ward[1]]);
      expect(row(ward[0]!)).toMatchObject({ rank: 1, decile: 1, deprived: true, nothingWithin: true, flag: true });
      expect(row(ward[1]!)).toMatchObject({ rank: 2, decile: 1, flag: true });
      // ward[2] is 10, rank 5 of 20: decile ⌈50/20⌉ = 3, not deprived.
      expect(row(ward[2]!)).toMatchObject({ rank: 5, decile: 3, deprived: false, flag: false });
      expect(row(ward.at(-1)!)).toMatchObject({ rank: null, decile: null, deprived: false, flag: false });
      expect(body.method).toContain('Ward survey decile 1 to 2');
      expect(body.method).toContain('of the LSOAs this measure covers');

      const csv = await send(worker, { method: 'GET', url: `/api/gaps?category=${category}&area=${area}&domain=need:${measure}&none_within=800&format=csv` });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['cache-control']).toBe('private, no-store');
      const lines = csv.body.trim().split('\r\n');
      expect(lines[1]).toMatch(new RegExp(`^1,${ward[0]},.*,1,1,true,complete,`));
      // Delete the measure: asking by it is then a 400.
      expect((await send(worker, { method: 'DELETE', url: `/api/need-measures/${measure}` })).statusCode).toBe(204);
      expect((await send(worker, { method: 'GET', url: `/api/gaps?category=${category}&area=${area}&domain=need:${measure}` })).statusCode).toBe(400);
    });
  });
});
