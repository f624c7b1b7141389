import { describe, expect, it } from 'vitest';
import {
  catchmentPopulations,
  countsWithin,
  decayWeight,
  e2sfcaScores,
  meanNearestByArea,
  nearestDistances,
  perThousandOf,
  provisionMetrics,
  type DemandPoint,
  type SupplyPoint,
} from './provision.js';

describe('decayWeight', () => {
  it('is a Gaussian with W(0) = 1 and W(d0) = 0 by default', () => {
    // W(800) with d0 = 1600: (exp(-0.125) - exp(-0.5)) / (1 - exp(-0.5))
    //   = (0.8824969026 - 0.6065306597) / 0.3934693403 = 0.7013665732
    expect(decayWeight(0, 1600)).toBe(1);
    expect(decayWeight(800, 1600)).toBeCloseTo(0.7013665732, 9);
    expect(decayWeight(1600, 1600)).toBe(0);
    expect(decayWeight(1600.001, 1600)).toBe(0);
  });

  it("uses Luo & Qi's stepped weights, each zone including its outer edge", () => {
    const stepped = { kind: 'stepped' } as const;
    // d0 = 900: zones end at 300, 600 and 900 m.
    expect(decayWeight(0, 900, stepped)).toBe(1);
    expect(decayWeight(300, 900, stepped)).toBe(1);
    expect(decayWeight(300.5, 900, stepped)).toBe(0.68);
    expect(decayWeight(600, 900, stepped)).toBe(0.68);
    expect(decayWeight(601, 900, stepped)).toBe(0.22);
    expect(decayWeight(900, 900, stepped)).toBe(0.22);
    expect(decayWeight(901, 900, stepped)).toBe(0);
    expect(decayWeight(100, 900, { kind: 'stepped', weights: [1, 0.5, 0.25] })).toBe(1);
  });
});

describe('counts, per 1,000 and nearest', () => {
  // One LSOA at the origin with 2,000 residents. Assets at:
  //   (240, 320): sqrt(240² + 320²) = 400 m exactly — on the 400 m band, so inside it (ST_DWithin);
  //   (0, 800): 800 m exactly — on the 800 m band;
  //   (1000, 1000): sqrt(2)·1000 = 1414.21 m;
  //   (0, 1601): 1601 m, outside every default band.
  const lsoa: DemandPoint = { e: 0, n: 0, population: 2000 };
  const assets: SupplyPoint[] = [
    { e: 240, n: 320 },
    { e: 0, n: 800 },
    { e: 1000, n: 1000 },
    { e: 0, n: 1601 },
  ];

  it('counts assets within 400, 800 and 1,600 m, ties at the band counted in', () => {
    // 400 m: 1; 800 m: 1 + 1 = 2; 1600 m: 2 + 1 = 3.
    expect(countsWithin([lsoa], assets)).toEqual([[1, 2, 3]]);
  });

  it('takes configurable bands', () => {
    // 399 m: none; 1601 m: all four.
    expect(countsWithin([lsoa], assets, [399, 1601])).toEqual([[0, 4]]);
  });

  it('gives the nearest distance, and null with no assets', () => {
    expect(nearestDistances([lsoa], assets)).toEqual([400]);
    expect(nearestDistances([lsoa], [])).toEqual([null]);
  });

  it('gives assets per 1,000 residents per band', () => {
    const [result] = provisionMetrics([lsoa], assets);
    // 1 × 1000 / 2000 = 0.5; 2 × 1000 / 2000 = 1; 3 × 1000 / 2000 = 1.5.
    expect(result?.perThousand).toEqual([0.5, 1, 1.5]);
    expect(result?.nearest).toBe(400);
  });

  it('divides by everyone whose residence point is within the band (the catchment), not the LSOA alone', () => {
    // The LSOA (2,000 residents) with neighbours 300 m (1,000) and 1,000 m (3,000) away: the
    // catchments hold 3,000 within 400 m, 3,000 within 800 m, 6,000 within 1,600 m.
    const near = { e: 300, n: 0, population: 1000 };
    const far = { e: 1000, n: 0, population: 3000 };
    expect(catchmentPopulations([lsoa], [lsoa, near, far])).toEqual([[3000, 3000, 6000]]);
    const [result] = provisionMetrics([lsoa, near, far], assets);
    // 1 × 1000 / 3000; 2 × 1000 / 3000; 3 × 1000 / 6000.
    expect(result?.perThousand).toEqual([1000 / 3000, 2000 / 3000, 0.5]);
    // A catchment of nobody has no rate.
    expect(perThousandOf(2, 0)).toBeNull();
  });

  it('gives null per 1,000 for an area with no residents', () => {
    const [result] = provisionMetrics([{ e: 0, n: 0, population: 0 }], assets);
    expect(result?.counts).toEqual([1, 2, 3]);
    expect(result?.perThousand).toEqual([null, null, null]);
  });

  it('gives zeros, no nearest and a zero score with no assets at all', () => {
    expect(provisionMetrics([lsoa], [])).toEqual([{ counts: [0, 0, 0], perThousand: [0, 0, 0], nearest: null, e2sfca: 0 }]);
  });
});

describe('E2SFCA', () => {
  it('matches a hand computation with stepped weights', () => {
    // d0 = 900 m, Luo & Qi weights: 1 up to 300 m, 0.68 up to 600 m, 0.22 up to 900 m.
    // LSOAs: A (0, 0) 1,000 people; B (600, 0) 500 people; C (3000, 0) 200 people.
    // Assets: X (0, 0) capacity 1; Y (300, 0) capacity 2; Z (5000, 0) capacity 1.
    // Distances: A–X 0 (w 1), B–X 600 (w 0.68); A–Y 300 (w 1, zone edge), B–Y 300 (w 1);
    //   C is 2,700 m or more from everything; Z is 2,000 m or more from everyone.
    // Step 1: R_X = 1 / (1000·1 + 500·0.68) = 1/1340; R_Y = 2 / (1000 + 500) = 1/750; R_Z = 0.
    // Step 2: A_A = 1000·(1/1340 + 1/750)      = 0.7462686567 + 1.3333333333 = 2.0796019900
    //         A_B = 1000·(0.68/1340 + 1/750)   = 0.5074626866 + 1.3333333333 = 1.8407960199
    //         A_C = 0.
    const demand: DemandPoint[] = [
      { e: 0, n: 0, population: 1000 },
      { e: 600, n: 0, population: 500 },
      { e: 3000, n: 0, population: 200 },
    ];
    const supply: SupplyPoint[] = [
      { e: 0, n: 0, capacity: 1 },
      { e: 300, n: 0, capacity: 2 },
      { e: 5000, n: 0 },
    ];
    const [a, b, c] = e2sfcaScores(demand, supply, { catchment: 900, decay: { kind: 'stepped' } });
    expect(a).toBeCloseTo(2.07960199, 8);
    expect(b).toBeCloseTo(1.84079602, 8);
    expect(c).toBe(0);
    // Supply is conserved: Σ P_i·A_i / 1000 = 1000·0.0020796 + 500·0.0018408 = 3 = S_X + S_Y
    // (Z reaches no one, so it serves no one).
    expect((1000 * (a as number) + 500 * (b as number)) / 1000).toBeCloseTo(3, 12);
  });

  it('matches a hand computation with the default Gaussian and catchment', () => {
    // d0 = 1600 m. One asset (capacity 1 by default) at the origin; A at 0 m with 100 people,
    // B at 800 m with 300 people. W(0) = 1, W(800) = 0.7013665732 (see decayWeight).
    // R = 1 / (100·1 + 300·0.7013665732) = 1 / 310.4099720 = 0.0032215460
    // A_A = 1000·R·1 = 3.2215459885; A_B = 1000·R·0.7013665732 = 2.2594846705.
    const scores = e2sfcaScores(
      [
        { e: 0, n: 0, population: 100 },
        { e: 0, n: 800, population: 300 },
      ],
      [{ e: 0, n: 0 }],
    );
    expect(scores[0]).toBeCloseTo(3.2215459885, 9);
    expect(scores[1]).toBeCloseTo(2.2594846705, 9);
  });

  it('gives 0 to an LSOA exactly at the catchment edge, where the Gaussian weight is 0', () => {
    // A at 0 m (100 people), B at 1600 m: W(1600) = 0, so R = 1/100 and A_B = 0, A_A = 10.
    const scores = e2sfcaScores(
      [
        { e: 0, n: 0, population: 100 },
        { e: 1600, n: 0, population: 100 },
      ],
      [{ e: 0, n: 0 }],
    );
    expect(scores).toEqual([10, 0]);
  });

  it('gives 0 everywhere when an asset reaches no one or there are no assets', () => {
    const demand: DemandPoint[] = [{ e: 0, n: 0, population: 100 }];
    expect(e2sfcaScores(demand, [{ e: 10000, n: 0 }])).toEqual([0]);
    expect(e2sfcaScores(demand, [])).toEqual([0]);
  });

  it('gives 0 from an asset whose only reachable LSOA has no residents', () => {
    // Weighted population 0 → the asset serves no one (R = 0) rather than dividing by zero.
    expect(e2sfcaScores([{ e: 0, n: 0, population: 0 }], [{ e: 0, n: 0 }])).toEqual([0]);
  });
});

describe('meanNearestByArea (AHAH-style)', () => {
  it('averages each postcode’s nearest distance over its area', () => {
    // Assets at (0, 0) and (3000, 0).
    // Area A: postcodes at (0, 0) → 0 m and (300, 400) → 500 m: mean 250 m.
    // Area B: one postcode at (3000, 4000) → 4000 m to (3000, 0) (5000 m to the origin): mean 4000 m.
    const means = meanNearestByArea(
      [
        { e: 0, n: 0, area: 'A' },
        { e: 300, n: 400, area: 'A' },
        { e: 3000, n: 4000, area: 'B' },
      ],
      [
        { e: 0, n: 0 },
        { e: 3000, n: 0 },
      ],
    );
    expect(means.get('A')).toEqual({ meanDistance: 250, points: 2 });
    expect(means.get('B')).toEqual({ meanDistance: 4000, points: 1 });
  });

  it('gives null means with no assets', () => {
    expect(meanNearestByArea([{ e: 0, n: 0, area: 'A' }], []).get('A')).toEqual({ meanDistance: null, points: 1 });
  });
});
