import { ErrorBody, SearchFeatureCollection, SearchResults } from '@common-ground/schema';
import { TRIGRAM_WORD_SIMILARITY } from '../../db/session-settings.js';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { londonMinuteOfWeek, weeklyIntervals } from '@common-ground/geo/opening-hours';

describe.each(inject('databases'))('search on the $kind database', (database) => {
  const app = useApp(database);

  async function searchFor(query: string): Promise<SearchResults> {
    const res = await app().inject(`/api/search?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return SearchResults.parse(res.json());
  }
  const top3 = (r: SearchResults) => r.results.slice(0, 3).map((h) => h.name);

  it('finds a library from a misspelt name', async () => {
    expect(top3(await searchFor('q=blakrod%20librery'))).toContain('Blackrod Library');
  });

  it('finds a youth club typed "yuoth club"', async () => {
    // "yuoth" is as near "tooth" as "youth" by letters (two changed each), so the dental
    // register's "Tooth Club" practices rank beside it: among the first five, not three.
    const names = (await searchFor('q=yuoth%20club&page_size=5')).results.map((h) => h.name);
    expect(names).toContain('Hanham Youth Club');
  });

  it('finds a practice from the start of a word', async () => {
    expect(top3(await searchFor('q=gosber'))).toContain('GOSBERTON MEDICAL CENTRE');
  });

  it('finds food banks whether typed "foodbank" or "fod bank", near Manchester', async () => {
    const near = 'near=-2.2426,53.4808&radius=5000';
    for (const q of ['foodbank', 'fod%20bank']) {
      const found = await searchFor(`q=${q}&${near}`);
      expect(found.results.length).toBeGreaterThan(0);
      expect(found.results.slice(0, 3).every((h) => h.categoryCode === 'food-bank')).toBe(true);
    }
  });

  it('searches a category with its children, ordered by distance from a point', async () => {
    const found = await searchFor('category=health&near=-2.2438,51.8594&radius=3000&page_size=50');
    expect(found.total).toBeGreaterThan(5);
    const codes = new Set(found.results.map((h) => h.categoryCode));
    for (const code of codes) expect(['gp-practice', 'pharmacy', 'dentist', 'hospital']).toContain(code);
    const distances = found.results.map((h) => h.distanceMetres!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(3000);
  });

  it('centres a search on a full, sector or district postcode from the shipped lookup', async () => {
    const full = await searchFor('postcode=gl1%202tg&radius=800');
    expect(full.place).toMatchObject({ kind: 'postcode', label: 'GL1 2TG' });
    expect(full.results[0]!.distanceMetres).toBeLessThan(800);
    expect((await searchFor('postcode=GL1%202')).place?.kind).toBe('sector');
    expect((await searchFor('postcode=GL1')).place?.kind).toBe('district');
  });

  it('keeps only assets open at a given time, in Europe/London time', async () => {
    // The register's libraries in Bolton: a Wednesday at 10:30 BST, then a Sunday night.
    const wednesday = await searchFor('category=library&near=-2.43,53.578&radius=20000&open_at=2025-07-02T09:30:00Z&page_size=100');
    const sunday = await searchFor('category=library&near=-2.43,53.578&radius=20000&open_at=2025-07-06T22:00:00Z&page_size=100');
    const all = await searchFor('category=library&near=-2.43,53.578&radius=20000&page_size=100');
    expect(wednesday.total).toBeGreaterThan(0);
    expect(wednesday.total).toBeLessThan(all.total);
    expect(sunday.total).toBe(0);
    const minute = londonMinuteOfWeek(new Date('2025-07-02T09:30:00Z'));
    for (const hit of wednesday.results) {
      const open = (weeklyIntervals(hit.openingHours!) ?? []).some(([from, to]) => from <= minute && minute < to);
      expect(open, `${hit.name}: ${hit.openingHours}`).toBe(true);
    }
  });

  it('searches inside a local authority, ward or LSOA given by code or unique name', async () => {
    const sheffield = await searchFor('area=E08000019&category=library&page_size=100');
    expect(sheffield.place).toMatchObject({ kind: 'local_authority', code: 'E08000019', label: 'Sheffield (local authority)' });
    expect(sheffield.total).toBeGreaterThan(5);
    const [w, s, e, n] = sheffield.place!.bbox!;
    for (const hit of sheffield.results) {
      const [lon, lat] = hit.location.coordinates;
      expect(lon >= w && lon <= e && lat >= s && lat <= n, hit.name).toBe(true);
      expect(hit.distanceMetres).toBeNull();
    }
    const { rows } = await app().pg.query<{ inside: number }>(
      `SELECT count(*)::int AS inside FROM public_assets a JOIN areas l ON l.code = a.lsoa_code
       WHERE l.lad_code = 'E08000019' AND a.category_code = 'library' AND a.lifecycle_status <> 'defunct'`,
    );
    expect(sheffield.total).toBe(rows[0]!.inside);
    // The same council by name, any case.
    expect((await searchFor('area=sheffield&category=library')).total).toBe(sheffield.total);

    const lsoa = sheffield.results[0]!;
    const { rows: lsoaRows } = await app().pg.query<{ lsoa: string; ward: string }>(
      'SELECT a.lsoa_code AS lsoa, l.ward_code AS ward FROM assets a JOIN areas l ON l.code = a.lsoa_code WHERE a.id = $1',
      [lsoa.id],
    );
    const inLsoa = await searchFor(`area=${lsoaRows[0]!.lsoa}&category=library`);
    expect(inLsoa.place?.kind).toBe('lsoa');
    expect(inLsoa.results.map((h) => h.id)).toContain(lsoa.id);
    const inWard = await searchFor(`area=${lsoaRows[0]!.ward}&category=library`);
    expect(inWard.place?.kind).toBe('ward');
    expect(inWard.results.map((h) => h.id)).toContain(lsoa.id);
    expect(inWard.total).toBeLessThanOrEqual(sheffield.total);
  });

  it('asks which area is meant when a name is shared, listing codes', async () => {
    // Many councils have a ward called "Abbey".
    const res = await app().inject('/api/search?area=abbey');
    expect(res.statusCode).toBe(400);
    const body = ErrorBody.parse(res.json());
    expect(body.issues?.[0]?.path).toBe('querystring.area');
    expect(body.issues?.[0]?.message).toMatch(/areas are named abbey; give one's code: Abbey \(ward, .*\) E05\d{6}/);
  });

  it('carries access, cost and ages on each hit, and measures distance in metres', async () => {
    const found = await searchFor('near=-1.4701,53.3811&radius=1000&page_size=100');
    expect(found.total).toBeGreaterThan(10);
    const hit = found.results[0]!;
    expect(hit).toHaveProperty('wheelchair');
    expect(hit).toHaveProperty('isFree');
    expect(hit).toHaveProperty('ageMin');
    // British National Grid metres agree with the geodesic distance to a few parts in 10,000.
    const far = found.results.at(-1)!;
    const { rows } = await app().pg.query<{ metres: number }>(
      `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(-1.4701, 53.3811), 4326)::geography) AS metres
       FROM assets WHERE id = $1`,
      [far.id],
    );
    expect(Math.abs(far.distanceMetres! - rows[0]!.metres)).toBeLessThan(Math.max(1, rows[0]!.metres * 0.001));
    expect(far.distanceMetres).toBeLessThanOrEqual(1000);
  });

  it('runs with the trigram threshold search is tuned for, on every connection', async () => {
    const { rows } = await app().pg.query<{ threshold: string }>(`SELECT current_setting('pg_trgm.word_similarity_threshold') AS threshold`);
    expect(Number(rows[0]!.threshold)).toBe(TRIGRAM_WORD_SIMILARITY);
  });

  it('still searches after the connection that prepared the statement is gone', async () => {
    await searchFor('q=library&near=-2.2426,53.4808');
    // Drop the pool's connection: the next one must prepare the search again (on PGlite,
    // one shared session, the old statement would otherwise clash with the new one).
    const client = await app().pg.pool.connect();
    const ended = new Promise((resolve) => client.once('end', resolve));
    client.release(true);
    await ended;
    // The embedded database hands its one session over once the old connection's close is done.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await searchFor('q=library&near=-2.2426,53.4808')).total).toBeGreaterThan(0);
  });

  it('pages with a total count', async () => {
    const first = await searchFor('category=faith&page_size=10&page=1');
    const second = await searchFor('category=faith&page_size=10&page=2');
    expect(first.total).toBe(second.total);
    expect(first.results).toHaveLength(10);
    expect(second.results.map((h) => h.id)).not.toContain(first.results[0]!.id);
    const beyond = await searchFor(`category=faith&page_size=10&page=${Math.ceil(first.total / 10) + 1}`);
    expect(beyond.results).toHaveLength(0);
    expect(beyond.total).toBe(first.total);
  });

  it('answers as GeoJSON, saying how exact each pin is', async () => {
    const res = await app().inject('/api/search?q=library&postcode=M60%202LA&format=geojson');
    const fc = SearchFeatureCollection.parse(res.json());
    expect(fc.features.length).toBeGreaterThan(0);
    expect(['exact', 'postcode', 'approximate']).toContain(fc.features[0]!.properties.locationPrecision);
  });

  it.each([
    ['near=200,1', 'querystring.near'],
    ['near=-2.2', 'querystring.near'],
    ['radius=0&near=-2,52', 'querystring.radius'],
    ['postcode=Gloucester', 'querystring.postcode'],
    ['postcode=ZZ9%209ZZ', 'querystring.postcode'],
    ['open_at=yesterday', 'querystring.open_at'],
    ['page_size=101', 'querystring.page_size'],
    ['category=no-such-category', 'querystring.category'],
    ['wheelchair=no', 'querystring.wheelchair'],
    ['near=-2,52&postcode=GL1', 'querystring.postcode'],
    ['postcode=GL1&area=Sheffield', 'querystring.area'],
    ['area=E05999999', 'querystring.area'],
    ['area=Atlantis', 'querystring.area'],
  ])('rejects %s with a 400 naming %s', async (query, path) => {
    const res = await app().inject(`/api/search?${query}`);
    expect(res.statusCode).toBe(400);
    expect(ErrorBody.parse(res.json()).issues?.map((i) => i.path)).toContain(path);
  });

  it('never returns sensitive or unpublished assets', async () => {
    await app().pg.query(
      `INSERT INTO assets (name, category_code, geom, location_precision, review_state, sensitive, source, licence)
       VALUES ('Zyzzyva refuge', 'community-centre', ST_SetSRID(ST_MakePoint(-2.244, 51.864), 4326), 'exact',
               'published', true, 'search-test', 'none'),
              ('Zyzzyva pending', 'community-group', ST_SetSRID(ST_MakePoint(-2.245, 51.865), 4326), 'exact',
               'pending', false, 'search-test', 'none')`,
    );
    try {
      expect((await searchFor('q=zyzzyva')).total).toBe(0);
    } finally {
      await app().pg.query("DELETE FROM assets WHERE source = 'search-test'");
    }
  });

  describe('what residents say of a place (issue 17)', () => {
    async function withPlaces<T>(run: () => Promise<T>): Promise<T> {
      await app().pg.query(
        `INSERT INTO assets (name, category_code, geom, location_precision, review_state, source, licence,
                             carers_welcome, volunteers_wanted, languages)
         VALUES ('Qwertyx carers cafe', 'community-group', ST_SetSRID(ST_MakePoint(-2.244, 51.864), 4326), 'exact',
                 'published', 'search-test', 'none', true, false, ARRAY['English', ' urdu ', 'Français']),
                ('Qwertyx repair shop', 'community-group', ST_SetSRID(ST_MakePoint(-2.245, 51.865), 4326), 'exact',
                 'published', 'search-test', 'none', false, true, ARRAY['English sign language']),
                ('Qwertyx reading room', 'community-group', ST_SetSRID(ST_MakePoint(-2.246, 51.866), 4326), 'exact',
                 'published', 'search-test', 'none', NULL, NULL, '{}')`,
      );
      try {
        return await run();
      } finally {
        await app().pg.query("DELETE FROM assets WHERE source = 'search-test'");
      }
    }
    const names = (r: SearchResults) => r.results.map((h) => h.name).sort();

    it('keeps only places that welcome carers, or only those that say they do not', async () => {
      await withPlaces(async () => {
        expect(names(await searchFor('q=qwertyx&carers_welcome=true'))).toEqual(['Qwertyx carers cafe']);
        expect(names(await searchFor('q=qwertyx&carers_welcome=false'))).toEqual(['Qwertyx repair shop']);
        const [hit] = (await searchFor('q=qwertyx&carers_welcome=true')).results;
        expect(hit).toMatchObject({ carersWelcome: true, volunteersWanted: false, languages: ['English', ' urdu ', 'Français'] });
      });
    });

    it('keeps only places that want volunteers', async () => {
      await withPlaces(async () => {
        expect(names(await searchFor('q=qwertyx&volunteers_wanted=true'))).toEqual(['Qwertyx repair shop']);
      });
    });

    it('finds a language however it was typed, whole names only', async () => {
      await withPlaces(async () => {
        expect(names(await searchFor('q=qwertyx&language=Urdu'))).toEqual(['Qwertyx carers cafe']);
        expect(names(await searchFor('q=qwertyx&language=francais'))).toEqual(['Qwertyx carers cafe']);
        expect(names(await searchFor('q=qwertyx&language=english'))).toEqual(['Qwertyx carers cafe']);
        expect(names(await searchFor('q=qwertyx&language=English%20sign%20language'))).toEqual(['Qwertyx repair shop']);
      });
    });

    it('combines them with each other and with the other filters', async () => {
      await withPlaces(async () => {
        expect(names(await searchFor('q=qwertyx&carers_welcome=true&language=urdu'))).toEqual(['Qwertyx carers cafe']);
        expect((await searchFor('q=qwertyx&carers_welcome=true&volunteers_wanted=true')).total).toBe(0);
      });
    });

    it.each([
      ['carers_welcome=yes', 'querystring.carers_welcome'],
      ['volunteers_wanted=1', 'querystring.volunteers_wanted'],
      ['language=x', 'querystring.language'],
    ])('rejects %s with a 400 naming %s', async (query, path) => {
      const res = await app().inject(`/api/search?${query}`);
      expect(res.statusCode).toBe(400);
      expect(ErrorBody.parse(res.json()).issues?.map((i) => i.path)).toContain(path);
    });
  });
});
