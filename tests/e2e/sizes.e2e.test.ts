import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

/**
 * Measures what a first visit downloads from the API, for the record (issue 17's speed
 * targets): each England tile of the areas layer at zooms 5 and 6, and the place labels.
 * It prints the figures; it asserts only that each is served.
 */
describe('payload sizes', () => {
  const baseUrl = inject('baseUrl');

  it('reports the low-zoom areas tiles and the place labels, gzipped', async () => {
    const lines: string[] = [];
    const tiles = [...[15, 16].map((x) => [5, x, 10]), ...[29, 30, 31, 32].flatMap((x) => [19, 20, 21].map((y) => [6, x, y]))];
    for (const [z, x, y] of tiles) {
      const response = await fetch(`${baseUrl}/tiles/areas/${z}/${x}/${y}.mvt`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status).toBe(200);
      // fetch undoes the gzip: measure the body gzipped as the server sends it (level 6).
      const body = Buffer.from(await response.arrayBuffer());
      if (body.length > 0)
        lines.push(`areas ${z}/${x}/${y}: ${(body.length / 1024).toFixed(0)} KB, gzipped ${(gzipSync(body, { level: 6 }).length / 1024).toFixed(0)} KB`);
    }
    const labels = Buffer.from(await (await fetch(`${baseUrl}/api/place-labels`)).arrayBuffer());
    lines.push(`place labels: ${(labels.length / 1024).toFixed(0)} KB, gzipped ${(gzipSync(labels).length / 1024).toFixed(0)} KB`);
    console.log(lines.join('\n'));
    expect(lines.length).toBeGreaterThan(2);
  });
});
