import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

// How data files are read and parsed lives with the asset readers in @common-ground/geo.
export { clean, readCsv, readJson, readText } from '@common-ground/geo/asset-files';

/**
 * Streams the lines of a large, simple CSV (no quoted commas) without holding it in
 * memory. Yields each data row split on commas; the header is returned first.
 */
export async function* streamCsvRows(dataDir: string, file: string): AsyncGenerator<string[]> {
  let input: NodeJS.ReadableStream = createReadStream(path.join(dataDir, file));
  if (file.endsWith('.gz')) input = input.pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.length > 0) yield line.split(',');
  }
}

/** SHA-256 over the named files, so a re-run can tell whether anything changed. */
export async function checksumFiles(dataDir: string, files: readonly string[], salt = ''): Promise<string> {
  const hash = createHash('sha256');
  hash.update(salt);
  for (const file of files) {
    hash.update(file);
    hash.update(await readFile(path.join(dataDir, file)));
  }
  return hash.digest('hex');
}

/** Splits an array into chunks of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
