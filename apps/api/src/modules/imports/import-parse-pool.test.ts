import { IMPORT_MAX_RECORDS } from '@common-ground/schema';
import { describe, expect, it } from 'vitest';
import type { ParseJob } from './import-parse.js';
import { JsonBodyError, parseJsonOffThread, parseOffThread } from './import-parse-pool.js';

/*
 * The reader thread: the same answers as reading on the main thread would give, for files
 * read in turn, at once, big (after which the thread is replaced) and broken.
 */

const job = (csv: string, over: Partial<ParseJob> = {}): ParseJob => ({
  contentBase64: Buffer.from(csv).toString('base64'),
  fileName: 'places.csv',
  format: 'auto',
  mapping: { name: 'Name', lat: 'Lat', lon: 'Lon', category: 'Category', id: 'Ref' },
  encoding: 'auto',
  categories: [{ code: 'community', name: 'Community' }],
  osmTags: [],
  taxonomy: [],
  maxRecords: IMPORT_MAX_RECORDS,
  ...over,
});

const rows = (n: number, pad = '') =>
  `Ref,Name,Lat,Lon,Category,Notes\n${Array.from({ length: n }, (_, i) => `r${i},Hall ${i},51.5,-0.1,community,${pad}`).join('\n')}\n`;

describe('the import reader thread', () => {
  it("reads files sent at once and in turn, all records back in order, with the file's SHA-256", async () => {
    const [a, b] = await Promise.all([parseOffThread(job(rows(5))), parseOffThread(job(rows(4500)))]);
    expect(a.kind === 'parsed' && a.parsed.records.map((r) => r.sourceId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    // More than one message's worth of records (2,000 a message), joined in order.
    expect(b.kind === 'parsed' && b.parsed.records.length).toBe(4500);
    expect(b.kind === 'parsed' && b.parsed.records[4499]!.name).toBe('Hall 4499');
    expect(a.kind === 'parsed' && a.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers after a big file (whose thread is then replaced) as before', async () => {
    const big = await parseOffThread(job(rows(20_000, 'x'.repeat(200))));
    expect(big.kind === 'parsed' && big.parsed.records.length).toBe(20_000);
    const next = await parseOffThread(job(rows(2)));
    expect(next.kind === 'parsed' && next.parsed.records.length).toBe(2);
  }, 60_000);

  it('gives back whole-file problems as outcomes: a CSV without a mapping, an empty file, a broken one', async () => {
    expect(await parseOffThread(job(rows(2), { mapping: undefined }))).toEqual({
      kind: 'mapping-required',
      format: 'csv',
      columns: ['Ref', 'Name', 'Lat', 'Lon', 'Category', 'Notes'],
    });
    expect(await parseOffThread(job('', { contentBase64: '\n' }))).toEqual({ kind: 'empty' });
    expect(await parseOffThread(job('{"type": "FeatureCollection", "features": [', { fileName: 'x.geojson' }))).toMatchObject({ kind: 'file-error' });
  });

  it('parses a request body as JSON, refusing what is not JSON and a key that would poison a prototype', async () => {
    const body = { fileName: 'a.csv', contentBase64: 'x'.repeat(100_000), nested: [{ a: 1 }] };
    expect(await parseJsonOffThread(Buffer.from(JSON.stringify(body)))).toEqual({ value: body, taken: null });
    // A small body from Node's shared pool is copied, not handed away: the pool's other buffers stay intact.
    const neighbour = Buffer.from('untouched');
    expect(await parseJsonOffThread(Buffer.from('{"a":"b"}'))).toEqual({ value: { a: 'b' }, taken: null });
    expect(neighbour.toString()).toBe('untouched');
    await expect(parseJsonOffThread(Buffer.from('{"a": '))).rejects.toBeInstanceOf(JsonBodyError);
    await expect(parseJsonOffThread(Buffer.from('{"a": {"__proto__": {"admin": true}}}'))).rejects.toMatchObject({ statusCode: 400 });
  });

  it('takes a base64 property out of the body as its bytes, and leaves one that is not base64 for the schema to refuse', async () => {
    const csv = rows(3);
    const base64 = Buffer.from(csv).toString('base64');
    const { value, taken } = await parseJsonOffThread(Buffer.from(JSON.stringify({ fileName: 'a.csv', contentBase64: base64 })), 'contentBase64');
    expect(value).toEqual({ fileName: 'a.csv' });
    expect(Buffer.from(taken!).toString('latin1')).toBe(base64);
    // The bytes read as the string would.
    const read = await parseOffThread(job(csv, { contentBase64: taken! }));
    expect(read.kind === 'parsed' && read.parsed.records.map((r) => r.sourceId)).toEqual(['r0', 'r1', 'r2']);
    for (const contentBase64 of ['not base64!', '', 42]) {
      expect(await parseJsonOffThread(Buffer.from(JSON.stringify({ contentBase64 })), 'contentBase64')).toEqual({ value: { contentBase64 }, taken: null });
    }
  });
});
