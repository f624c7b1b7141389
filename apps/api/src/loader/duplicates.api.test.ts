import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../testing/api-app.js';

/**
 * The 17 libraries issue 14 found counted twice: in the Greater Manchester list and in the
 * public library register, as two assets. Checked by hand against both files: the register
 * names some by their place alone ("Marple" for Marple Library) and places each on its
 * postcode's centre, up to 741 m from the list's exact point (Hattersley, same postcode;
 * Bolton Central, Northenden and Miles Platting under differing postcodes). Each pair is
 * [Greater Manchester list id, register id] as the loader keys them.
 */
const LISTED_TWICE: readonly [string, string][] = [
  ['Bolton Central Library|BL1 1SE', 'Bolton Metropolitan Borough Council|Bolton Central Library'],
  ['Miles Platting Community Library|M40 7LJ', 'Manchester City Council|Miles Platting Community Library'],
  ['Northenden Community Library|M22 4DJ', 'Manchester City Council|Northenden Community Library'],
  ['Marple Library|SK6 6BA', 'Stockport Metropolitan Borough Council|Marple'],
  ['Denton Library|M34 2AP', 'Tameside Metropolitan Borough Council|Denton'],
  // The register lists Hattersley's closed old site first and its open one second (#2).
  ['Hattersley Library|SK14 6NT', 'Tameside Metropolitan Borough Council|Hattersley#2'],
  ['Hyde Library|SK14 1AL', 'Tameside Metropolitan Borough Council|Hyde'],
  ['Hale Library|WA15 9NT', 'Trafford Metropolitan Borough Council|Hale'],
  ['Old Trafford Library at Limelight|M16 9NW', 'Trafford Metropolitan Borough Council|Old Trafford'],
  ['Partington Library and Wellbeing Centre|M31 4FY', 'Trafford Metropolitan Borough Council|Partington'],
  ['Sale Library|M33 7ZF', 'Trafford Metropolitan Borough Council|Sale'],
  ['Ashton Library|WN4 9BH', 'Wigan Metropolitan Borough Council|Ashton'],
  ['Aspull Library|WN2 1XJ', 'Wigan Metropolitan Borough Council|Aspull'],
  ['Ince Library|WN2 2DJ', 'Wigan Metropolitan Borough Council|Ince'],
  ['Leigh Library|WN7 1EB', 'Wigan Metropolitan Borough Council|Leigh'],
  ['Tyldesley Library|M29 8AH', 'Wigan Metropolitan Borough Council|Tyldesley'],
  ['Wigan Library|WN1 1NH', 'Wigan Metropolitan Borough Council|Wigan'],
];

describe.each(inject('databases'))('libraries in two sources on the $kind database', (database) => {
  const app = useApp(database);

  it('makes each of the 17 libraries counted twice one asset, with both sources recorded', async () => {
    const { rows } = await app().pg.query<{ gm: string; register: string | null; sources: string[] }>(
      `SELECT g.source_id AS gm, r.source_id AS register,
              (SELECT array_agg(s.source ORDER BY s.source) FROM asset_sources s WHERE s.asset_id = g.asset_id) AS sources
       FROM unnest($1::text[], $2::text[]) AS pair(gm, register)
       JOIN asset_sources g ON g.source = 'gm-libraries' AND g.source_id = pair.gm
       LEFT JOIN asset_sources r ON r.source = 'libraries-register' AND r.source_id = pair.register AND r.asset_id = g.asset_id`,
      [LISTED_TWICE.map(([gm]) => gm), LISTED_TWICE.map(([, register]) => register)],
    );
    expect(rows).toHaveLength(17);
    expect(rows.filter((r) => r.register === null)).toEqual([]);
    expect(rows.every((r) => r.sources.join(',') === 'gm-libraries,libraries-register')).toBe(true);
  });

  it('leaves only the two Greater Manchester entries the register does not list as assets of their own', async () => {
    const { rows } = await app().pg.query<{ name: string }>(
      `SELECT a.name FROM assets a JOIN asset_sources s ON s.asset_id = a.id AND s.source = 'gm-libraries'
       WHERE NOT EXISTS (SELECT 1 FROM asset_sources o WHERE o.asset_id = a.id AND o.source = 'libraries-register')
       ORDER BY a.name`,
    );
    expect(rows.map((r) => r.name)).toEqual(['City Library', 'Trafford Local Studies Centre']);
    const { rows: both } = await app().pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT asset_id FROM asset_sources GROUP BY asset_id
         HAVING bool_or(source = 'gm-libraries') AND bool_or(source = 'libraries-register')) x`,
    );
    expect(both[0]!.n).toBe(139);
  });

  it('never puts two records of one source in one asset', async () => {
    const { rows } = await app().pg.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT asset_id, source FROM asset_sources GROUP BY asset_id, source HAVING count(*) > 1) x`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
