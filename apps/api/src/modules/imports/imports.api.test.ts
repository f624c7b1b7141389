import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IMPORT_BODY_LIMIT, IMPORT_MAX_RECORDS, ImportErrorBody, ImportReport, type ImportRequestDraft } from '@common-ground/schema';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../../env.js';
import { useApp } from '../../testing/api-app.js';
import { nextTestAddress, signedIn, type TestPerson } from '../../testing/people.js';

/*
 * Imports through POST /api/imports with the real readers: a CSV through a mapping
 * (placed by coordinates and by postcode), a GeoJSON, the real Bristol Open Referral feed;
 * the dry run writing nothing; all-or-nothing applies; re-imports changing nothing;
 * updates; merges with loaded assets (and declined merges); malformed files; provenance,
 * history, search and the audit log after an import; and timings for large files.
 */

const BRISTOL = path.join(REPO_ROOT, 'tests/fixtures/open-referral/oruk_bristol_services_2024-12.json');

describe.each(inject('databases'))('imports on the $kind database', (database) => {
  const app = useApp(database);
  const unique = `${process.pid}-${Date.now() % 1_000_000}`;
  let counter = 0;
  const code = (label: string) => `t-imp-${label}-${unique}-${counter++}`;
  let worker: TestPerson;
  let resident: TestPerson;
  /** Real places in England: postcodes with their centres, in one LSOA each. */
  let places: { postcode: string; lon: number; lat: number }[];

  const send = (person: TestPerson | null, body: ImportRequestDraft) =>
    app().inject({ method: 'POST', url: '/api/imports', payload: body, remoteAddress: nextTestAddress(), headers: { ...person?.headers } });
  const source = (c: string) => ({ code: c, name: `Test import ${c}`, publisher: 'Tests', licence: 'OGL-UK-3.0', attribution: 'Tests, OGL' });
  const csvRequest = (c: string, csv: string | Buffer, extra: Partial<ImportRequestDraft> = {}): ImportRequestDraft => ({
    fileName: 'places.csv',
    contentBase64: Buffer.from(csv).toString('base64'),
    mapping: { name: 'Name', lat: 'Lat', lon: 'Lon', postcode: 'Postcode', category: 'Category', id: 'Ref', phone: 'Phone' },
    source: source(c),
    ...extra,
  });
  const report = (res: { statusCode: number; json(): unknown }, status: number) => {
    expect(res.statusCode, JSON.stringify(res.json()).slice(0, 600)).toBe(status);
    return ImportReport.parse(res.json());
  };
  const assetsOf = async (c: string) =>
    (
      await app().pg.query<{ id: string; name: string; phone: string | null; version: number }>(
        `SELECT a.id, a.name, a.phone, a.version FROM asset_sources s JOIN assets a ON a.id = s.asset_id WHERE s.source = $1 ORDER BY a.name`,
        [c],
      )
    ).rows;

  beforeAll(async () => {
    worker = await signedIn(app(), 'worker', 'importer');
    resident = await signedIn(app(), 'resident', 'import-resident');
    places = (
      await app().pg.query<{ postcode: string; lon: number; lat: number }>(
        `SELECT p.postcode, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat FROM postcodes p
         WHERE EXISTS (SELECT 1 FROM areas a WHERE ST_Intersects(a.geom, p.geom))
         ORDER BY p.postcode LIMIT 6`,
      )
    ).rows;
  });

  afterAll(async () => {
    const like = `t-imp-%-${unique}-%`;
    await app().pg.query(`DELETE FROM assets WHERE source LIKE $1`, [like]);
    await app().pg.query(`DELETE FROM asset_sources WHERE source LIKE $1`, [like]);
    await app().pg.query(`DELETE FROM imports WHERE source_code LIKE $1`, [like]);
    await app().pg.query(`DELETE FROM sources WHERE code LIKE $1`, [like]);
  });

  /** Three rows that import (by coordinates, by postcode) and two that cannot (outside England, unknown postcode). */
  const mixedCsv = (tag: string, phone = '0114 000 0000') => {
    const [a, b] = places;
    return (
      'Ref,Name,Lat,Lon,Postcode,Category,Phone\n' +
      `r1,${tag} hall one,${a!.lat},${a!.lon},,community,${phone}\n` +
      `r2,${tag} hall two,,,${b!.postcode},community,\n` +
      `r3,${tag} castle,55.9486,-3.1999,,community,\n` +
      `r4,${tag} nowhere,,,ZZ9 9ZZ,community,\n` +
      `r5,${tag} library,${places[2]!.lat},${places[2]!.lon},,learning,\n`
    );
  };

  it('checks a CSV in a dry run: every row has an outcome and a reason, in file order, and nothing is written', async () => {
    const c = code('dry');
    const body = report(await send(worker, csvRequest(c, mixedCsv('Dryrun'))), 200);
    expect(body.dryRun).toBe(true);
    expect(body.importId).toBeNull();
    expect(body.counts).toEqual({ retired: 0, total: 5, added: 3, updated: 0, merged: 0, unchanged: 0, rejected: 2 });
    expect(body.rows.map((r) => [r.line, r.outcome])).toEqual([
      [2, 'added'],
      [3, 'added'],
      [4, 'rejected'],
      [5, 'rejected'],
      [6, 'added'],
    ]);
    expect(body.rows[2]!.issues).toContainEqual({ field: expect.any(String) as string, message: expect.stringMatching(/outside England/) as string });
    expect(body.rows[3]!.issues).toContainEqual({ field: 'postcode', message: expect.stringMatching(/ZZ9 9ZZ/) as string });
    expect(await assetsOf(c)).toEqual([]);
    expect((await app().pg.query('SELECT 1 FROM sources WHERE code = $1', [c])).rows).toEqual([]);
  });

  it('refuses to apply a file with rejected records unless told to skip them, writing nothing', async () => {
    const c = code('refuse');
    const res = await send(worker, csvRequest(c, mixedCsv('Refused'), { dryRun: false }));
    expect(res.statusCode).toBe(400);
    const error = ImportErrorBody.parse(res.json());
    expect(error.code).toBe('records_rejected');
    expect(error.message).toMatch(/^2 records were rejected; fix them or confirm skipping them/);
    expect(error.report?.counts.rejected).toBe(2);
    expect(await assetsOf(c)).toEqual([]);
    expect((await app().pg.query('SELECT 1 FROM imports WHERE source_code = $1', [c])).rows).toEqual([]);
  });

  it('imports in one go with provenance, history, search intervals and an audit entry; the same file again changes nothing', async () => {
    const c = code('apply');
    const csv = mixedCsv('Applied').replace('community,0114', 'community,0114').replace(',community,0114 000 0000', ',community,0114 000 0000');
    const applied = report(await send(worker, csvRequest(c, csv, { dryRun: false, skipRejected: true })), 201);
    expect(applied.dryRun).toBe(false);
    expect(applied.counts).toMatchObject({ total: 5, added: 3, rejected: 2 });
    expect(applied.importId).toMatch(/^[0-9a-f-]{36}$/);
    const added = applied.rows.filter((r) => r.outcome === 'added');
    expect(added.every((r) => r.assetId !== null)).toBe(true);

    const stored = await app().pg.query<{ source: string; review_state: string; precision: string; imported: boolean; import_id: string; licence: string }>(
      `SELECT a.source, a.review_state, a.location_precision AS precision, s.imported_at IS NOT NULL AS imported, s.import_id::text, s.licence
       FROM assets a JOIN asset_sources s ON s.asset_id = a.id WHERE s.source = $1 ORDER BY a.name`,
      [c],
    );
    expect(stored.rows).toEqual([
      { source: c, review_state: 'published', precision: 'exact', imported: true, import_id: applied.importId, licence: 'OGL-UK-3.0' },
      { source: c, review_state: 'published', precision: 'postcode', imported: true, import_id: applied.importId, licence: 'OGL-UK-3.0' },
      { source: c, review_state: 'published', precision: 'exact', imported: true, import_id: applied.importId, licence: 'OGL-UK-3.0' },
    ]);
    const record = await app().pg.query('SELECT total, added, rejected, file_name FROM imports WHERE id = $1', [applied.importId]);
    expect(record.rows).toEqual([{ total: 5, added: 3, rejected: 2, file_name: 'places.csv' }]);
    const history = await app().pg.query<{ action: string; n: number }>(
      `SELECT action, count(*)::int AS n FROM change_history WHERE entity_id = ANY($1::text[]) GROUP BY action`,
      [added.map((r) => r.assetId)],
    );
    expect(history.rows).toEqual([{ action: 'import', n: 3 }]);
    const audit = await app().pg.query(`SELECT action FROM audit_log WHERE subject_id = $1`, [applied.importId]);
    expect(audit.rows).toEqual([{ action: 'asset_import' }]);
    const search = await app().inject({ method: 'GET', url: `/api/search?q=${encodeURIComponent('Applied hall one')}` });
    expect(search.statusCode).toBe(200);
    expect(JSON.stringify(search.json())).toContain('Applied hall one');

    const again = report(await send(worker, csvRequest(c, csv, { dryRun: false, skipRejected: true })), 201);
    expect(again.counts).toMatchObject({ total: 5, added: 0, updated: 0, merged: 0, unchanged: 3, rejected: 2 });
    expect(again.importId).toBeNull();
    expect((await app().pg.query('SELECT count(*)::int AS n FROM imports WHERE source_code = $1', [c])).rows).toEqual([{ n: 1 }]);
  });

  it('updates the assets an earlier import added when their record changed, as a new version with history', async () => {
    const c = code('update');
    report(await send(worker, csvRequest(c, mixedCsv('Updated'), { dryRun: false, skipRejected: true })), 201);
    const changed = report(await send(worker, csvRequest(c, mixedCsv('Updated', '0114 999 9999'), { dryRun: false, skipRejected: true })), 201);
    expect(changed.counts).toMatchObject({ added: 0, updated: 1, unchanged: 2, rejected: 2 });
    const row = changed.rows.find((r) => r.outcome === 'updated')!;
    expect(row.issues).toContainEqual({ field: null, message: 'changes: phone' });
    expect(row.matched).toMatchObject({ rule: 'source-id' });
    const [asset] = (await assetsOf(c)).filter((a) => a.name === 'Updated hall one');
    expect(asset).toMatchObject({ phone: '0114 999 9999', version: 2 });
    const history = await app().pg.query<{ action: string }>(`SELECT action FROM change_history WHERE entity_id = $1 ORDER BY id`, [asset!.id]);
    expect(history.rows.map((h) => h.action)).toEqual(['import', 'import_update']);
  });

  it('offers a record that names a loaded asset nearby as a merge, fills only what it lacks, and adds it instead when the merge is declined', async () => {
    const { rows } = await app().pg.query<{
      id: string;
      name: string;
      category_code: string;
      lon: number;
      lat: number;
      phone: string | null;
      website: string | null;
    }>(
      `SELECT id, name, category_code, ST_X(geom) AS lon, ST_Y(geom) AS lat, phone, website FROM assets
       WHERE review_state = 'published' AND NOT sensitive AND location_precision = 'exact' AND website IS NULL
         AND name !~ '[,"]' AND lsoa_code IS NOT NULL
       ORDER BY id LIMIT 1`,
    );
    const target = rows[0]!;
    // About 10 m north of it, same name and category.
    const csv = `Ref,Name,Lat,Lon,Category,Web\nm1,${target.name},${target.lat + 0.00009},${target.lon},${target.category_code},https://example.org/merged\n`;
    const request = (c: string, extra: Partial<ImportRequestDraft> = {}): ImportRequestDraft => ({
      ...csvRequest(c, csv, extra),
      mapping: { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category', id: 'Ref', website: 'Web' },
    });
    const c = code('merge');
    const check = report(await send(worker, request(c)), 200);
    expect(check.rows[0]).toMatchObject({ outcome: 'merged', assetId: target.id, matched: { id: target.id, name: target.name, rule: 'name-and-place' } });
    expect(check.rows[0]!.matched!.distanceMetres).toBeGreaterThan(5);
    expect(check.rows[0]!.matched!.distanceMetres).toBeLessThan(15);

    const declined = report(await send(worker, request(c, { declineMerges: ['line 2'] })), 200);
    expect(declined.rows[0]).toMatchObject({ outcome: 'added', matched: null });

    const applied = report(await send(worker, request(c, { dryRun: false })), 201);
    expect(applied.counts).toMatchObject({ merged: 1, added: 0 });
    const after = await app().pg.query<{ name: string; website: string; source: string; n: number }>(
      `SELECT name, website, source, (SELECT count(*)::int FROM asset_sources WHERE asset_id = $1) AS n FROM assets WHERE id = $1`,
      [target.id],
    );
    expect(after.rows[0]).toMatchObject({ name: target.name, website: 'https://example.org/merged', n: 2 });
    expect(after.rows[0]!.source).not.toBe(c);
    const again = report(await send(worker, request(c, { dryRun: false })), 201);
    expect(again.rows[0]).toMatchObject({ outcome: 'unchanged', assetId: target.id });
  });

  it('rejects a second record with an id already seen in the file, naming the first line', async () => {
    const [a, b] = places;
    const csv = `Ref,Name,Lat,Lon,Postcode,Category,Phone\nx,Twice hall,${a!.lat},${a!.lon},,community,\nx,Twice hall again,${b!.lat},${b!.lon},,community,\n`;
    const body = report(await send(worker, csvRequest(code('twice'), csv)), 200);
    expect(body.rows.map((r) => r.outcome)).toEqual(['added', 'rejected']);
    // The CSV reader notices first and names the column; other formats get the pipeline's "same id as …".
    expect(body.rows[1]!.issues).toEqual([{ field: 'Ref', message: expect.stringMatching(/line 2/) as string }]);
  });

  it('answers a CSV without a mapping with its columns, so a screen can build the mapping step', async () => {
    const res = await send(worker, { ...csvRequest(code('nomap'), mixedCsv('Columns')), mapping: undefined });
    expect(res.statusCode).toBe(400);
    const body = ImportErrorBody.parse(res.json());
    expect(body).toMatchObject({ code: 'mapping_required', format: 'csv', columns: ['Ref', 'Name', 'Lat', 'Lon', 'Postcode', 'Category', 'Phone'] });
  });

  it('reads a Windows-1252 file with a warning naming the line, and refuses it as UTF-8 naming the exact byte and line', async () => {
    const bytes = Buffer.from(`Ref,Name,Lat,Lon,Postcode,Category,Phone\nr1,Caf\xe9 hall,${places[0]!.lat},${places[0]!.lon},,community,\n`, 'latin1');
    const auto = report(await send(worker, csvRequest(code('cp1252'), bytes)), 200);
    expect(auto.rows[0]).toMatchObject({ name: 'Café hall', outcome: 'added' });
    expect(auto.warnings[0]!.message).toMatch(/not UTF-8 \(first at byte 47, line 2\): read as Windows-1252/);
    const strict = await send(worker, csvRequest(code('utf8'), bytes, { encoding: 'utf-8' }));
    expect(strict.statusCode).toBe(400);
    expect(ImportErrorBody.parse(strict.json()).message).toMatch(/not UTF-8 text \(at byte 47, line 2\)/);
  });

  it.each([['mapped columns that are not in the file', Buffer.from('Id,Title,Y,X\n1,Hall,53.38,-1.47\n'), /Name/]])(
    'refuses %s with a 400 that says what is wrong, writing nothing',
    async (_label, bytes, message) => {
      const c = code('bad');
      const res = await send(worker, csvRequest(c, bytes, { dryRun: false, skipRejected: true }));
      expect(res.statusCode).toBe(400);
      const body = ImportErrorBody.parse(res.json());
      expect(body.code).toBe('import_file_invalid');
      expect(`${body.message} ${JSON.stringify(body.issues)}`).toMatch(message);
      expect(await assetsOf(c)).toEqual([]);
    },
  );

  it('rejects rows with invalid coordinates, naming the column, and imports the rest only when told to skip them', async () => {
    const [a] = places;
    const csv =
      'Ref,Name,Lat,Lon,Postcode,Category,Phone\n' +
      `c1,Coords fine,${a!.lat},${a!.lon},,community,\n` +
      `c2,Coords words,north,${a!.lon},,community,\n` +
      `c3,Coords too far,100,${a!.lon},,community,\n`;
    const body = report(await send(worker, csvRequest(code('coords'), csv)), 200);
    expect(body.rows.map((r) => r.outcome)).toEqual(['added', 'rejected', 'rejected']);
    expect(body.rows[1]!.issues.map((i) => i.field)).toContain('Lat');
    expect(body.rows[2]!.issues.map((i) => i.field)).toContain('Lat');
  });

  it("refuses a file with more records than one import takes, and a body over the route's limit with a 413 that says the limit", async () => {
    const rows = Array.from({ length: IMPORT_MAX_RECORDS + 1 }, (_, i) => `h${i},Huge ${i},,,S1 2HE,community,`).join('\n');
    const huge = await send(worker, csvRequest(code('huge'), `Ref,Name,Lat,Lon,Postcode,Category,Phone\n${rows}\n`));
    expect(huge.statusCode).toBe(400);
    expect(ImportErrorBody.parse(huge.json()).message).toMatch(/more than 50000 rows \(row 50001 is on line 50002\); one import takes at most 50000. Split it/);

    const tooBig = await app().inject({
      method: 'POST',
      url: '/api/imports',
      payload: { ...csvRequest(code('big'), 'x'), contentBase64: 'A'.repeat(IMPORT_BODY_LIMIT) },
      remoteAddress: nextTestAddress(),
      headers: worker.headers,
    });
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json()).toMatchObject({ code: 'body_too_large', message: expect.stringContaining('32 MiB') as string });
  });

  it('refuses an unknown default category and a body that is not base64', async () => {
    const unknown = await send(worker, { ...csvRequest(code('cat'), mixedCsv('Cat')), defaultCategory: 'no-such-category' });
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json())).toMatch(/no category no-such-category/);
    const garbage = await send(worker, { ...csvRequest(code('b64'), 'x'), contentBase64: '%%% not base64 %%%' });
    expect(garbage.statusCode).toBe(400);
    expect(JSON.stringify(garbage.json())).toMatch(/base64/);
  });

  it('imports a GeoJSON FeatureCollection of points', async () => {
    const [a, b] = places;
    const geojson = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'g1',
          geometry: { type: 'Point', coordinates: [a!.lon, a!.lat] },
          properties: { name: 'Geojson garden', category: 'green-space' },
        },
        { type: 'Feature', id: 'g2', geometry: { type: 'Point', coordinates: [b!.lon, b!.lat] }, properties: { name: 'Geojson pantry', category: 'food' } },
      ],
    };
    const c = code('geojson');
    const body = report(
      await send(worker, {
        fileName: 'places.geojson',
        contentBase64: Buffer.from(JSON.stringify(geojson)).toString('base64'),
        source: source(c),
        dryRun: false,
      }),
      201,
    );
    expect(body.format).toBe('geojson');
    expect(body.counts).toMatchObject({ total: 2, added: 2, rejected: 0 });
    expect((await assetsOf(c)).map((r) => r.name)).toEqual(['Geojson garden', 'Geojson pantry']);
  });

  it('round-trips: assets written out as our GeoJSON export and imported into a database without them come back the same', async () => {
    const [a, b, c3] = places;
    const first = code('trip-a');
    const original = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 't1',
          geometry: { type: 'Point', coordinates: [a!.lon, a!.lat] },
          properties: {
            name: 'Roundtrip repair café',
            category: 'community',
            phone: '0114 111 1111',
            website: 'https://example.org/cafe',
            opening_hours: 'Sa 10:00-13:00',
            description: 'Bring broken things.',
          },
        },
        {
          type: 'Feature',
          id: 't2',
          geometry: null,
          properties: { name: 'Roundtrip pantry', category: 'food', postcode: b!.postcode, email: 'pantry@example.org' },
        },
        {
          type: 'Feature',
          id: 't3',
          geometry: { type: 'Point', coordinates: [c3!.lon, c3!.lat] },
          properties: { name: 'Roundtrip walking group', category: 'sport' },
        },
      ],
    };
    const body = (geojson: object, c: string): ImportRequestDraft => ({
      fileName: 'trip.geojson',
      contentBase64: Buffer.from(JSON.stringify(geojson)).toString('base64'),
      source: source(c),
      dryRun: false,
    });
    report(await send(worker, body(original, first)), 201);
    const read = async (c: string) =>
      (
        await app().pg.query<Record<string, unknown>>(
          `SELECT a.name, a.category_code, round(ST_X(a.geom)::numeric, 6)::text AS lon, round(ST_Y(a.geom)::numeric, 6)::text AS lat,
                a.location_precision, a.postcode, a.phone, a.email, a.website, a.opening_hours, a.description, a.source_id
         FROM assets a WHERE a.source = $1 ORDER BY a.name`,
          [c],
        )
      ).rows;
    const before = await read(first);
    expect(before).toHaveLength(3);

    // Written out the way the export does (properties named as in our CSV/GeoJSON export), then the originals removed.
    const exported = {
      type: 'FeatureCollection',
      features: before.map((r) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [Number(r.lon), Number(r.lat)] },
        properties: {
          name: r.name,
          category: r.category_code,
          postcode: r.postcode,
          phone: r.phone,
          email: r.email,
          website: r.website,
          opening_hours: r.opening_hours,
          description: r.description,
          source: first,
          source_id: r.source_id,
          location_precision: r.location_precision,
        },
      })),
    };
    await app().pg.query('DELETE FROM assets WHERE source = $1', [first]);
    await app().pg.query('DELETE FROM asset_sources WHERE source = $1', [first]);

    const second = code('trip-b');
    const again = report(await send(worker, body(exported, second)), 201);
    expect(again.counts).toMatchObject({ total: 3, added: 3, rejected: 0 });
    const strip = (rows: Record<string, unknown>[]) => rows.map(({ source_id: _id, ...r }) => r);
    expect(strip(await read(second))).toEqual(strip(before));
  });

  it('refuses to import under the code of a source that was not imported (the shipped data, contributions)', async () => {
    const { rows } = await app().pg.query<{ source: string }>('SELECT source FROM asset_sources WHERE import_id IS NULL LIMIT 1');
    const statistics = await app().pg.query<{ code: string }>('SELECT code FROM sources WHERE code NOT IN (SELECT source FROM asset_sources) LIMIT 1');
    for (const taken of [rows[0]!.source, 'common-ground', statistics.rows[0]!.code]) {
      const res = await send(worker, csvRequest(taken, mixedCsv('Taken')));
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'source_code_taken' });
    }
  });

  it('lets only workers import', async () => {
    expect((await send(null, csvRequest(code('anon'), mixedCsv('Anon')))).statusCode).toBe(401);
    expect((await send(resident, csvRequest(code('res'), mixedCsv('Res')))).statusCode).toBe(403);
  });

  it('reads the real Bristol Open Referral feed: 819 services, each placed by its postcode or rejected with a reason', async () => {
    const bytes = readFileSync(BRISTOL);
    const c = code('bristol');
    const request: ImportRequestDraft = {
      fileName: 'oruk_bristol_services_2024-12.json',
      contentBase64: bytes.toString('base64'),
      source: source(c),
      defaultCategory: 'community',
    };
    let started = performance.now();
    const check = report(await send(worker, request), 200);
    const dryMs = performance.now() - started;
    expect(check.format).toBe('oruk');
    expect(check.counts.total).toBe(819);
    const reasons = check.rows.filter((r) => r.outcome === 'rejected').map((r) => r.issues.at(-1)!);
    // 769 services carry nothing to place them, and one has no name either (the reader's counts).
    expect(reasons.filter((i) => /no location/.test(i.message))).toHaveLength(770);
    expect(check.rows.filter((r) => r.outcome === 'rejected' && r.issues.some((i) => i.field === 'name'))).toHaveLength(1);
    // The other 49 have a postcode: each is placed, or rejected because the directory does not know it.
    const withPostcode = check.rows.filter((r) => !r.issues.some((i) => /no location/.test(i.message)));
    expect(withPostcode).toHaveLength(49);
    for (const r of withPostcode) {
      if (r.outcome === 'rejected') expect(r.issues.at(-1)!.field).toBe('postcode');
    }
    const placed = withPostcode.filter((r) => r.outcome !== 'rejected').length;
    expect(check.counts.added + check.counts.merged).toBe(placed);

    started = performance.now();
    const applied = report(await send(worker, { ...request, dryRun: false, skipRejected: true }), 201);
    const applyMs = performance.now() - started;
    expect(applied.counts.added + applied.counts.merged).toBe(placed);
    process.stderr.write(
      `[imports ${database.kind}] Bristol feed (819 services, ${placed} placed): dry run ${dryMs.toFixed(0)} ms, apply ${applyMs.toFixed(0)} ms\n`,
    );
  });

  it('reports the HSDS 3 example service, whose placeholder latitude is invalid, as rejected on that field and writes nothing', async () => {
    const c = code('hsds');
    const bytes = readFileSync(path.join(REPO_ROOT, 'tests/fixtures/hsds3/service_full.json'));
    const res = await send(worker, {
      fileName: 'service_full.json',
      contentBase64: bytes.toString('base64'),
      source: source(c),
      defaultCategory: 'community',
      dryRun: false,
    });
    expect(res.statusCode).toBe(400);
    const body = ImportErrorBody.parse(res.json());
    expect(body.code).toBe('records_rejected');
    expect(body.report?.format).toBe('hsds');
    expect(body.report?.rows.map((r) => [r.outcome, r.issues.map((i) => i.field)])).toEqual([['rejected', ['latitude']]]);
    expect(await assetsOf(c)).toEqual([]);
  });

  it('imports a 5,000-row CSV in reasonable time', async () => {
    const { rows } = await app().pg.query<{ lon: number; lat: number }>(
      `SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM postcodes ORDER BY postcode LIMIT 5000`,
    );
    const csv = `Ref,Name,Lat,Lon,Postcode,Category,Phone\n${rows.map((p, i) => `p${i},Bulk test place ${i},${p.lat},${p.lon},,volunteering,`).join('\n')}\n`;
    const c = code('bulk');
    let started = performance.now();
    const check = report(await send(worker, csvRequest(c, csv)), 200);
    const dryMs = performance.now() - started;
    expect(check.counts.total).toBe(5000);
    started = performance.now();
    const applied = report(await send(worker, csvRequest(c, csv, { dryRun: false, skipRejected: true })), 201);
    const applyMs = performance.now() - started;
    expect(applied.counts.added + applied.counts.merged + applied.counts.rejected).toBe(5000);
    process.stderr.write(
      `[imports ${database.kind}] 5,000-row CSV (${applied.counts.added} added, ${applied.counts.rejected} rejected): dry run ${dryMs.toFixed(0)} ms, apply ${applyMs.toFixed(0)} ms\n`,
    );
    expect(applyMs).toBeLessThan(120_000);
  });
});
