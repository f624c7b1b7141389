import { randomUUID } from 'node:crypto';
import { ImportProgressStatus, ImportReport, ImportUndoResult, type ImportRequestDraft } from '@common-ground/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { nextTestAddress, signedIn, type TestPerson } from '../../testing/people.js';

/*
 * Imports a worker can trust with a council's directory (issue 15), on both databases:
 * matching that explains itself (identifiers before names, names before distance, ties
 * and other-category look-alikes left to the worker), merges that settle between two
 * sources, re-sync with retireMissing and edited rows of files without ids, undo, the data
 * date, a hostile GeoJSON, and a coastal point placed by its postcode.
 */

describe.each(inject('databases'))('import trust on the $kind database', (database) => {
  const app = useApp(database);
  const unique = `${process.pid}-${Date.now() % 1_000_000}`;
  let counter = 0;
  const code = (label: string) => `t-trust-${label}-${unique}-${counter++}`;
  let worker: TestPerson;
  let otherWorker: TestPerson;
  /** Real places in England: postcode centres, each in an LSOA. */
  let places: { postcode: string; lon: number; lat: number }[];

  const send = (person: TestPerson, body: ImportRequestDraft) =>
    app().inject({ method: 'POST', url: '/api/imports', payload: body, remoteAddress: nextTestAddress(), headers: { ...person.headers } });
  const undo = (person: TestPerson, id: string) =>
    app().inject({ method: 'POST', url: `/api/imports/${id}/undo`, remoteAddress: nextTestAddress(), headers: { ...person.headers } });
  const source = (c: string) => ({ code: c, name: `Trust ${c}`, publisher: 'Tests', licence: 'OGL-UK-3.0', attribution: 'Tests, OGL' });
  const MAPPING = { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category', id: 'Ref', phone: 'Phone', website: 'Web', address: 'Address' };
  const HEADER = 'Ref,Name,Lat,Lon,Category,Phone,Web,Address\n';
  const csvRequest = (c: string, csv: string, extra: Partial<ImportRequestDraft> = {}): ImportRequestDraft => ({
    fileName: 'places.csv',
    contentBase64: Buffer.from(csv).toString('base64'),
    mapping: MAPPING,
    source: source(c),
    ...extra,
  });
  const report = (res: { statusCode: number; json(): unknown }, status: number) => {
    expect(res.statusCode, JSON.stringify(res.json()).slice(0, 800)).toBe(status);
    return ImportReport.parse(res.json());
  };
  /** A point `north` metres north and `east` metres east of a place. */
  const at = (p: { lon: number; lat: number }, north = 0, east = 0) => ({
    lat: +(p.lat + north / 111_320).toFixed(7),
    lon: +(p.lon + east / (111_320 * Math.cos((p.lat * Math.PI) / 180))).toFixed(7),
  });
  const row = (ref: string, name: string, p: { lon: number; lat: number }, category: string, phone = '', web = '', address = '') =>
    `${ref},${name},${p.lat},${p.lon},${category},${phone},${web},${address}\n`;

  beforeAll(async () => {
    worker = await signedIn(app(), 'worker', 'trust-importer');
    otherWorker = await signedIn(app(), 'worker', 'trust-other');
    places = (
      await app().pg.query<{ postcode: string; lon: number; lat: number }>(
        `SELECT p.postcode, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat FROM postcodes p
         WHERE EXISTS (SELECT 1 FROM areas a WHERE ST_Contains(a.geom, ST_Buffer(p.geom::geography, 600)::geometry))
         ORDER BY p.postcode LIMIT 12`,
      )
    ).rows;
    expect(places.length).toBeGreaterThanOrEqual(10);
  });

  afterAll(async () => {
    const like = `t-trust-%-${unique}-%`;
    await app().pg.query(`DELETE FROM assets WHERE source LIKE $1`, [like]);
    await app().pg.query(`DELETE FROM asset_sources WHERE source LIKE $1`, [like]);
    await app().pg.query(`DELETE FROM imports WHERE source_code LIKE $1`, [like]);
    await app().pg.query(`DELETE FROM sources WHERE code LIKE $1`, [like]);
  });

  it("ranks candidates by name before distance, and leaves a tie and another category's namesake to the worker", async () => {
    const p = places[0]!;
    const a = code('first');
    // Two practices in one building (same point), a pair of identical halls, a library.
    const first =
      HEADER +
      row('c1', 'Church Street Surgery', at(p), 'health') +
      row('c2', 'Newbury Street Surgery', at(p), 'health') +
      row('h1', 'Twin Hall', at(p, 100), 'community') +
      row('h2', 'Twin Hall', at(p, 100), 'community') +
      row('l1', 'Riverside Hub', at(p, 200), 'learning');
    const added = report(await send(worker, csvRequest(a, first, { dryRun: false })), 201);
    expect(added.counts).toMatchObject({ added: 5 });
    const idOf = (ref: string) => added.rows.find((r) => r.sourceId === ref)!.assetId!;

    const b = code('second');
    const second =
      HEADER +
      row('x1', 'Newbury Street Surgery', at(p, 3), 'health', '01000 000001') +
      row('x2', 'Twin Hall', at(p, 100), 'community') +
      row('x3', 'Riverside Hub', at(p, 203), 'community');
    const check = report(await send(worker, csvRequest(b, second)), 200);
    const [surgery, hall, hub] = check.rows;
    expect(surgery).toMatchObject({ outcome: 'merged', assetId: idOf('c2'), matched: { rule: 'name-and-place', name: 'Newbury Street Surgery' } });
    expect(surgery!.matched!.reason).toMatch(/^same category, name 100% alike, 3(\.\d)? m away/);
    // Exactly as good a fit as each other: neither is chosen by id.
    expect(hall).toMatchObject({ outcome: 'added', matched: null });
    expect(hall!.possibleDuplicates.map((d) => d.id).sort()).toEqual([idOf('h1'), idOf('h2')].sort());
    // A library of the same name 3 m away: offered, not merged.
    expect(hub).toMatchObject({ outcome: 'added' });
    expect(hub!.possibleDuplicates).toEqual([expect.objectContaining({ id: idOf('l1'), categoryCode: 'learning' })]);
    expect(hub!.issues.some((i) => /possibly the same place as "Riverside Hub" \(learning/.test(i.message))).toBe(true);
  });

  it('matches a CSV on a register code column mapped by the worker, with the register given once for every row', async () => {
    const p = places[2]!;
    const a = code('ods-a');
    const gpMapping = { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category', id: 'Ref', registerCode: 'Practice code', defaultRegisterScheme: 'GB-NHS' };
    const first = 'Ref,Name,Lat,Lon,Category,Practice code\n' + `r1,Birch Lane Surgery,${at(p).lat},${at(p).lon},health,Z98001\n`;
    const added = report(await send(worker, { ...csvRequest(a, first, { dryRun: false }), mapping: gpMapping }), 201);
    const birch = added.rows[0]!.assetId!;
    expect((await app().pg.query(`SELECT scheme, value FROM asset_identifiers WHERE asset_id = $1`, [birch])).rows).toEqual([
      { scheme: 'GB-NHS', value: 'Z98001' },
    ]);
    // Another source's file: another name, 300 m off (too far for name and place), the same code in a column of its own name.
    const again = 'Ref,Name,Lat,Lon,Category,ODS\n' + `x9,Birch Medical Centre,${at(p, 300).lat},${at(p, 300).lon},health,z98001\n`;
    const check = report(await send(worker, { ...csvRequest(code('ods-b'), again), mapping: { ...gpMapping, registerCode: 'ODS' } }), 200);
    expect(check.rows[0]).toMatchObject({ outcome: 'merged', assetId: birch, matched: { rule: 'identifier' } });
    // A code column without a register is a 400 that says what to add.
    const res = await send(worker, {
      ...csvRequest(code('ods-c'), again),
      mapping: { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category', registerCode: 'ODS' },
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toMatch(/defaultRegisterScheme/);
  });

  it('matches a register code before any name or distance, and our own asset id from an export under any source code', async () => {
    const p = places[1]!;
    const a = code('codes');
    const csv =
      'Ref,Name,Lat,Lon,Category,national_id,national_id_scheme\n' +
      `o1,Elm Tree Practice,${at(p).lat},${at(p).lon},health,Z99001,GB-NHS\n` +
      `o2,Oak Tree Practice,${at(p, 40).lat},${at(p, 40).lon},health,,\n`;
    const first = report(
      await send(worker, { ...csvRequest(a, csv, { dryRun: false }), mapping: { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category', id: 'Ref' } }),
      201,
    );
    const elm = first.rows[0]!.assetId!;
    const oak = first.rows[1]!.assetId!;
    expect((await app().pg.query(`SELECT scheme, value FROM asset_identifiers WHERE asset_id = $1`, [elm])).rows).toEqual([
      { scheme: 'GB-NHS', value: 'Z99001' },
    ]);

    // Another file: the practice 150 m off under another name, and our export's id for Oak.
    const b = code('codes-b');
    const again =
      'Ref,Name,Lat,Lon,Category,national_id,national_id_scheme\n' +
      `e1,The Elm Practice (branch site),${at(p, 150).lat},${at(p, 150).lon},health,z99001,gb-nhs\n` +
      `${oak},Oak Tree Practice,${at(p, 400).lat},${at(p, 400).lon},health,,\n`;
    const check = report(
      await send(worker, { ...csvRequest(b, again), mapping: { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category', id: 'Ref' } }),
      200,
    );
    expect(check.rows[0]).toMatchObject({ outcome: 'merged', assetId: elm, matched: { rule: 'identifier' } });
    expect(check.rows[0]!.matched!.reason).toMatch(/the same GB-NHS code Z99001, 1[45]\d(\.\d)? m away/);
    expect(check.rows[1]).toMatchObject({ outcome: 'merged', assetId: oak, matched: { rule: 'asset-id' } });
  });

  it("settles two sources: a merge never clears or overwrites the other's values, and three cycles in either order end with no changes", async () => {
    const p = places[2]!;
    const council = code('council');
    const register = code('register');
    const councilFile = HEADER + row('k1', 'Settle Community Centre', at(p), 'community', '01000 111111', '', '');
    const registerFile = HEADER + row('r1', 'Settle Community Centre', at(p, 5), 'community', '01000 999999', 'https://settle.example.org', '1 Settle Road');
    const apply = async (c: string, csv: string) => report(await send(worker, csvRequest(c, csv, { dryRun: false })), 201);
    const first = await apply(council, councilFile);
    const id = first.rows[0]!.assetId!;
    const history = async () => (await app().pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM change_history WHERE entity_id = $1`, [id])).rows[0]!.n;
    const stored = async () =>
      (await app().pg.query(`SELECT phone, website, address FROM assets WHERE id = $1`, [id])).rows[0] as Record<string, string | null>;

    const merged = await apply(register, registerFile);
    expect(merged.rows[0]).toMatchObject({ outcome: 'merged', assetId: id });
    expect(await stored()).toEqual({ phone: '01000 111111', website: 'https://settle.example.org', address: '1 Settle Road' });
    expect((await app().pg.query(`SELECT field, source FROM asset_field_owners WHERE asset_id = $1 ORDER BY field`, [id])).rows).toEqual([
      { field: 'address', source: register },
      { field: 'website', source: register },
    ]);
    // Cycle 2 and 3, then the other order: nothing changes, nothing is written.
    const before = await history();
    for (let cycle = 0; cycle < 3; cycle++) {
      const x = await apply(council, councilFile);
      const y = await apply(register, registerFile);
      expect(x.counts).toMatchObject({ updated: 0, merged: 0, added: 0, unchanged: 1 });
      expect(y.counts).toMatchObject({ updated: 0, merged: 0, added: 0, unchanged: 1 });
      expect([x.importId, y.importId]).toEqual([null, null]);
    }
    expect(await history()).toBe(before);
    expect(await stored()).toEqual({ phone: '01000 111111', website: 'https://settle.example.org', address: '1 Settle Road' });

    // The register drops its website: it owned it, so it clears it; the council's next file leaves that alone.
    const dropped = await apply(register, HEADER + row('r1', 'Settle Community Centre', at(p, 5), 'community', '01000 999999', '', '1 Settle Road'));
    expect(dropped.rows[0]).toMatchObject({ outcome: 'updated' });
    expect((await stored()).website).toBeNull();
    expect((await apply(council, councilFile)).counts).toMatchObject({ unchanged: 1 });
  });

  it('re-syncs: an edited row of a file without ids updates its asset, and retireMissing closes what the file no longer lists, shown first in the dry run', async () => {
    const c = code('resync');
    const [p, q, r] = places.slice(3, 6) as [(typeof places)[0], (typeof places)[0], (typeof places)[0]];
    const mapping = { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category', phone: 'Phone' };
    const file = (phone: string, withThird = true) =>
      'Name,Lat,Lon,Category,Phone\n' +
      `Tredworth Hall,${p.lat},${p.lon},community,${phone}\n` +
      `Resync Pantry,${q.lat},${q.lon},food,\n` +
      (withThird ? `Resync Library,${r.lat},${r.lon},learning,\n` : '');
    const request = (csv: string, extra: Partial<ImportRequestDraft> = {}) => ({ ...csvRequest(c, csv, extra), mapping });
    const first = report(await send(worker, request(file('01000 000000'), { dryRun: false })), 201);
    const hall = first.rows[0]!.assetId!;
    const library = first.rows[2]!.assetId!;

    const edited = report(await send(worker, request(file('01000 123456', false), { retireMissing: true })), 200);
    expect(edited.rows[0]).toMatchObject({ outcome: 'updated', assetId: hall, matched: { rule: 'name-and-place' } });
    expect(edited.rows[0]!.issues.some((i) => /takes the place of this source's record/.test(i.message))).toBe(true);
    expect(edited.counts).toMatchObject({ added: 0, updated: 1, unchanged: 1, retired: 1 });
    expect(edited.retired).toEqual([expect.objectContaining({ assetId: library, name: 'Resync Library' })]);
    // The dry run wrote nothing.
    expect((await app().pg.query(`SELECT lifecycle_status FROM assets WHERE id = $1`, [library])).rows).toEqual([{ lifecycle_status: 'active' }]);

    const applied = report(await send(worker, request(file('01000 123456', false), { retireMissing: true, dryRun: false })), 201);
    expect(applied.counts).toMatchObject({ added: 0, retired: 1 });
    const rows = (
      await app().pg.query<{ name: string; phone: string | null; lifecycle_status: string }>(
        `SELECT name, phone, lifecycle_status FROM assets WHERE source = $1 ORDER BY name`,
        [c],
      )
    ).rows;
    expect(rows).toEqual([
      { name: 'Resync Library', phone: null, lifecycle_status: 'defunct' },
      { name: 'Resync Pantry', phone: null, lifecycle_status: 'active' },
      { name: 'Tredworth Hall', phone: '01000 123456', lifecycle_status: 'active' },
    ]);
    // Settled: the same file again changes nothing and retires nothing more.
    const again = report(await send(worker, request(file('01000 123456', false), { retireMissing: true, dryRun: false })), 201);
    expect(again.counts).toMatchObject({ added: 0, updated: 0, retired: 0, unchanged: 2 });
  });

  it('undoes an applied import in one transaction, recorded in history; only its importer or an admin may, and only once', async () => {
    const c = code('undo');
    const base = code('undo-base');
    const [p, q] = places.slice(6, 8) as [(typeof places)[0], (typeof places)[0]];
    const baseFile = HEADER + row('b1', 'Undo Chapel', at(p), 'faith', '01000 222222');
    const target = report(await send(worker, csvRequest(base, baseFile, { dryRun: false })), 201).rows[0]!.assetId!;
    const file = HEADER + row('u1', 'Undo Chapel', at(p, 4), 'faith', '', 'https://chapel.example.org') + row('u2', 'Undo Youth Club', at(q), 'community');
    const applied = report(await send(worker, csvRequest(c, file, { dryRun: false })), 201);
    expect(applied.counts).toMatchObject({ merged: 1, added: 1 });
    const youth = applied.rows[1]!.assetId!;

    expect((await undo(otherWorker, applied.importId!)).statusCode).toBe(403);
    const res = await undo(worker, applied.importId!);
    expect(res.statusCode, res.body).toBe(200);
    expect(ImportUndoResult.parse(res.json())).toMatchObject({ withdrawn: 1, restored: 1, reopened: 0 });
    expect((await app().pg.query(`SELECT website, phone FROM assets WHERE id = $1`, [target])).rows).toEqual([{ website: null, phone: '01000 222222' }]);
    expect((await app().pg.query(`SELECT review_state FROM assets WHERE id = $1`, [youth])).rows).toEqual([{ review_state: 'rejected' }]);
    expect((await app().pg.query(`SELECT count(*)::int AS n FROM asset_sources WHERE source = $1`, [c])).rows).toEqual([{ n: 0 }]);
    expect((await app().pg.query(`SELECT count(*)::int AS n FROM asset_field_owners WHERE asset_id = $1`, [target])).rows).toEqual([{ n: 0 }]);
    const history = await app().pg.query<{ action: string }>(`SELECT action FROM change_history WHERE entity_id = ANY($1::text[]) ORDER BY id`, [
      [target, youth],
    ]);
    expect(history.rows.map((h) => h.action).filter((a) => a === 'import_undo')).toHaveLength(2);
    expect((await app().pg.query(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id`, [applied.importId])).rows).toEqual([
      { action: 'asset_import' },
      { action: 'asset_import_undo' },
    ]);
    expect((await undo(worker, applied.importId!)).statusCode).toBe(409);

    // The file can be imported again afterwards, as if the undone import had not happened.
    const redo = report(await send(worker, csvRequest(c, file, { dryRun: false })), 201);
    expect(redo.counts).toMatchObject({ merged: 1, added: 1 });
  });

  it('refuses to undo an import whose assets were changed since, and one with a later import of its source in place', async () => {
    const c = code('undo-late');
    const p = places[8]!;
    const first = report(await send(worker, csvRequest(c, HEADER + row('l1', 'Late Hall', at(p), 'community', '01000 1'), { dryRun: false })), 201);
    const second = report(await send(worker, csvRequest(c, HEADER + row('l1', 'Late Hall', at(p), 'community', '01000 2'), { dryRun: false })), 201);
    expect((await undo(worker, first.importId!)).statusCode).toBe(409);
    await app().pg.query(`UPDATE assets SET phone = '01000 3', version = version + 1 WHERE id = $1`, [second.rows[0]!.assetId]);
    const res = await undo(worker, second.importId!);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'import_assets_changed' });
  });

  it('keeps the data date given as sourceDate on each record and its source', async () => {
    const c = code('dated');
    const applied = report(
      await send(worker, csvRequest(c, HEADER + row('d1', 'Dated Hall', at(places[9]!), 'community'), { dryRun: false, sourceDate: '2016-05-01' })),
      201,
    );
    const stored = await app().pg.query(
      `SELECT to_char(a.source_date, 'YYYY-MM-DD') AS asset, to_char(s.source_date, 'YYYY-MM-DD') AS record, to_char(src.source_date, 'YYYY-MM-DD') AS source
       FROM assets a JOIN asset_sources s ON s.asset_id = a.id JOIN sources src ON src.code = s.source WHERE a.id = $1`,
      [applied.rows[0]!.assetId],
    );
    expect(stored.rows).toEqual([{ asset: '2016-05-01', record: '2016-05-01', source: '2016-05-01' }]);
    // Freshness reads it: 2016 data is not shown as fresh.
    const asset = await app().inject({ method: 'GET', url: `/api/assets/${applied.rows[0]!.assetId}` });
    expect(asset.json()).toMatchObject({ freshness: { basis: 'source', checkedOn: '2016-05-01', stale: true } });
    const bad = await send(worker, csvRequest(c, HEADER, { sourceDate: '2016-13-01' }));
    expect(bad.statusCode).toBe(400);
  });

  it('answers a small GeoJSON nested 5,000 deep with a 400 naming the depth, not a 500', async () => {
    const deep = `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-2.24,53.48]},"properties":{"name":"x","deep":${'['.repeat(5000)}${']'.repeat(5000)}}}]}`;
    expect(deep.length).toBeLessThan(11_000);
    const res = await send(worker, { fileName: 'deep.geojson', contentBase64: Buffer.from(deep).toString('base64'), source: source(code('deep')) });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({ code: 'import_file_invalid' });
    expect(res.json<{ message: string }>().message).toMatch(/nests deeper than 64 levels \(at line 1, column \d+\)/);
  });

  it("accepts a point just outside every LSOA on the coast when its postcode is English, placing it there with its postcode's LSOA", async () => {
    // The westernmost loaded LSOA: nothing lies west of it, so a point 200 m west of its
    // westernmost corner is outside every LSOA and within 1 km of it; 3 km west is beyond reach.
    const { rows } = await app().pg.query<{ postcode: string; lsoa: string; lon: number; lat: number; farLon: number; farLat: number }>(
      `WITH edge AS (
         SELECT a.code, a.geom FROM areas a
         WHERE EXISTS (SELECT 1 FROM postcodes p WHERE p.lsoa_code = a.code)
         ORDER BY ST_XMin(a.geom) LIMIT 1
       ), corner AS (
         SELECT e.code, dp.geom FROM edge e CROSS JOIN LATERAL ST_DumpPoints(e.geom) dp ORDER BY ST_X(dp.geom) LIMIT 1
       )
       SELECT (SELECT p.postcode FROM postcodes p WHERE p.lsoa_code = c.code ORDER BY p.postcode LIMIT 1) AS postcode, c.code AS lsoa,
              ST_X(c.geom) - 0.003 AS lon, ST_Y(c.geom) AS lat, ST_X(c.geom) - 0.05 AS "farLon", ST_Y(c.geom) AS "farLat"
       FROM corner c`,
    );
    const spot = rows[0];
    expect(spot, 'a point outside every LSOA near a postcode').toBeDefined();
    const c = code('coast');
    const csv = `Ref,Name,Lat,Lon,Postcode,Category\ns1,Harbour Rowing Club,${spot!.lat},${spot!.lon},${spot!.postcode},sport\n`;
    const mapping = { name: 'Name', lat: 'Lat', lon: 'Lon', postcode: 'Postcode', category: 'Category', id: 'Ref' };
    const applied = report(await send(worker, { ...csvRequest(c, csv, { dryRun: false }), mapping }), 201);
    expect(applied.rows[0]).toMatchObject({ outcome: 'added' });
    expect(applied.rows[0]!.issues.some((i) => /just outside England's generalised LSOA boundaries/.test(i.message))).toBe(true);
    const stored = await app().pg.query<{ lsoa_code: string; lon: number; lat: number }>(
      `SELECT lsoa_code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM assets WHERE id = $1`,
      [applied.rows[0]!.assetId],
    );
    expect(stored.rows[0]).toMatchObject({ lsoa_code: spot!.lsoa });
    expect(stored.rows[0]!.lon).toBeCloseTo(spot!.lon, 6);
    // Far out at sea, the postcode does not help.
    const far = csv.replace(`${spot!.lat},${spot!.lon}`, `${spot!.farLat},${spot!.farLon}`).replace('s1,', 's2,');
    const rejected = report(await send(worker, { ...csvRequest(c, far), mapping }), 200);
    expect(rejected.rows[0]).toMatchObject({ outcome: 'rejected' });
  });

  it("keeps a check's progress under the client's id for its worker to poll ('waiting' until it starts), and shows it to nobody else", async () => {
    const c = code('progress');
    const progressId = randomUUID();
    const csv =
      HEADER +
      places
        .slice(0, 3)
        .map((p, i) => row(`p${i}`, `Progress Hall ${i}`, at(p), 'community'))
        .join('');
    const poll = (person: TestPerson | null, id = progressId) =>
      app().inject({ method: 'GET', url: `/api/import-progress/${id}`, remoteAddress: nextTestAddress(), headers: { ...(person?.headers ?? {}) } });
    const waiting = (res: Awaited<ReturnType<typeof poll>>) => {
      expect(res.statusCode).toBe(200);
      expect(ImportProgressStatus.parse(res.json())).toMatchObject({ id: progressId, stage: 'waiting', done: 0, total: 0 });
    };
    waiting(await poll(worker));
    report(await send(worker, csvRequest(c, csv, { progressId })), 200);
    const res = await poll(worker);
    expect(res.statusCode).toBe(200);
    expect(ImportProgressStatus.parse(res.json())).toMatchObject({ id: progressId, stage: 'done', done: 3, total: 3 });
    waiting(await poll(otherWorker));
    expect((await poll(null)).statusCode).toBe(401);
    // Another worker's request naming the same id does not take the row over.
    report(await send(otherWorker, csvRequest(code('progress-other'), csv.replace(/p(\d),/g, 'q$1,'), { progressId, dryRun: true })), 200);
    waiting(await poll(otherWorker));
    // A failed request says so.
    const failedId = randomUUID();
    expect(
      (await send(worker, csvRequest(c, 'Ref,Name\n', { progressId: failedId, mapping: { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category' } })))
        .statusCode,
    ).toBe(400);
    expect((await poll(worker, failedId)).json()).toMatchObject({ stage: 'failed' });
  });
});
