import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AreaProfile, DeprivationDomain, DeprivationTable, ErrorBody } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { DATA_DIR } from '../../testing/test-database.js';

/**
 * The IoD2025 file parsed here on its own (not with the loader's code), so the test
 * checks the API against the published file rather than against itself.
 */
function readIodFile(): Map<string, Record<string, string>> {
  const text = gunzipSync(readFileSync(path.join(DATA_DIR, 'deprivation/imd2025_lsoa21_england.csv.gz'))).toString('utf8');
  const splitLine = (line: string): string[] => {
    const out: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quoted) {
        if (ch === '"' && line[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (ch === '"') quoted = false;
        else cell += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') {
        out.push(cell);
        cell = '';
      } else cell += ch;
    }
    out.push(cell);
    return out;
  };
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = splitLine(lines[0]!);
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(1)) {
    const cells = splitLine(line);
    rows.set(cells[0]!, Object.fromEntries(header.map((h, i) => [h, cells[i]!])));
  }
  return rows;
}

describe.each(inject('databases'))('areas on the $kind database', (database) => {
  const app = useApp(database);
  const iod = readIodFile();

  it('has all 33,755 English LSOAs in the published file', () => {
    expect(iod.size).toBe(33755);
  });

  it.each(DeprivationDomain.options)('serves the published %s decile, rank and score for every one of the 33,755 LSOAs', async (domain) => {
    const res = await app().inject(`/api/deprivation/${domain}`);
    expect(res.statusCode).toBe(200);
    const table = DeprivationTable.parse(res.json());
    expect(table.areas).toHaveLength(33755);
    let mismatches = 0;
    for (const a of table.areas) {
      const row = iod.get(a.code);
      if (!row || a.decile !== Number(row[`${domain}_decile`]) || a.rank !== Number(row[`${domain}_rank`]) || a.score !== Number(row[`${domain}_score`])) {
        mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });

  it('profiles an LSOA with its local authority, best-fit ward, population and deprivation', async () => {
    const res = await app().inject('/api/areas/E01000001');
    expect(res.statusCode).toBe(200);
    const profile = AreaProfile.parse(res.json());
    expect(profile).toMatchObject({
      code: 'E01000001',
      name: 'City of London 001A',
      localAuthority: { code: 'E09000001', name: 'City of London' },
      ward: { code: 'E05009288', name: 'Aldersgate' },
      population: { total: 1477, age0to15: 125, age65plus: 370 },
    });
    expect(profile.deprivation[0]).toMatchObject({ measure: 'imd', rank: 26525, decile: 8, outOf: 33755 });
    expect(profile.deprivation).toHaveLength(8);
    expect(profile.ruralUrban).toEqual({ code: 'UN1', name: 'Urban: Nearer to a major town or city', urbanRural: 'urban', classification: 'RUC2021' });
  });

  it('agrees with the published file for a spread of LSOAs across England', async () => {
    const codes = [...iod.keys()].filter((_, i) => i % 1500 === 0);
    for (const code of codes) {
      const profile = AreaProfile.parse((await app().inject(`/api/areas/${code}`)).json());
      const row = iod.get(code)!;
      expect(profile.name).toBe(row.lsoa21nm);
      expect(profile.localAuthority.code).toBe(row.lad24cd);
      for (const d of profile.deprivation) expect(d.decile).toBe(Number(row[`${d.measure}_decile`]));
    }
  });

  it('counts the public assets still running inside an area, by category', async () => {
    const { rows } = await app().pg.query<{ lsoa_code: string; n: number }>(
      `SELECT lsoa_code, count(*)::int AS n FROM public_assets
       WHERE lsoa_code IS NOT NULL AND lifecycle_status <> 'defunct'
       GROUP BY lsoa_code ORDER BY n DESC, lsoa_code LIMIT 1`,
    );
    const busiest = rows[0]!;
    const profile = AreaProfile.parse((await app().inject(`/api/areas/${busiest.lsoa_code}`)).json());
    expect(profile.assets.total).toBe(busiest.n);
    expect(profile.assets.byCategory.reduce((sum, c) => sum + c.count, 0)).toBe(busiest.n);
  });

  it('answers an unknown LSOA with 404, a malformed code or domain with 400', async () => {
    expect((await app().inject('/api/areas/E01999999')).statusCode).toBe(404);
    const bad = await app().inject('/api/areas/W01000001');
    expect(bad.statusCode).toBe(400);
    expect(ErrorBody.parse(bad.json()).issues?.[0]?.path).toBe('params.code');
    expect((await app().inject('/api/deprivation/happiness')).statusCode).toBe(400);
  });
});
