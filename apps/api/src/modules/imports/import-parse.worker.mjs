// The import reader's thread (see import-parse-pool.ts). Plain JavaScript because it is the
// thread's entry point: under `pnpm start` (tsx) the thread could load TypeScript itself, but
// under vitest or plain node it cannot, so it registers tsx for itself in every case.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

/** Records per message: the main thread copies each message in on its event loop, so none may be big. */
const CHUNK = 2000;

/** @type {{ parseJob: (job: unknown) => { kind: string, parsed?: { records: unknown[] } } }} */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- tsImport's module is untyped; import-parse.ts is the contract
const reader = await tsImport('./import-parse.ts', import.meta.url);

/**
 * Whether a parsed JSON value has a key that could poison a prototype (as Fastify's own JSON
 * parser refuses). Only objects are walked: the file itself is one long string.
 * @param {unknown} value
 * @returns {boolean}
 */
function poisoned(value) {
  if (Array.isArray(value)) return value.some(poisoned);
  if (value === null || typeof value !== 'object') return false;
  for (const [key, v] of Object.entries(value)) {
    if (key === '__proto__' || (key === 'constructor' && v !== null && typeof v === 'object' && 'prototype' in v)) return true;
    if (poisoned(v)) return true;
  }
  return false;
}

/** The request schema's check of contentBase64 (packages/schema ImportRequest), run here rather than on the event loop. */
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

/**
 * Takes a valid base64 string property out of a parsed body as its bytes (one per character),
 * in a buffer of its own that can be handed to the main thread without a copy. Null when the
 * property is absent, empty or not base64: then it stays in the body, for the schema to refuse.
 * @param {unknown} value
 * @param {string} key
 * @returns {Uint8Array | null}
 */
function takeBase64(value, key) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const record = /** @type {Record<string, unknown>} */ (value);
  const text = record[key];
  if (typeof text !== 'string' || text.length === 0 || !BASE64.test(text)) return null;
  const bytes = new Uint8Array(text.length);
  Buffer.from(bytes.buffer).write(text, 'latin1');
  delete record[key];
  return bytes;
}

parentPort?.on('message', (/** @type {{ id: number, job: { contentBase64: Uint8Array | string }, json?: Uint8Array, take?: string }} */ message) => {
  const { id, job, json, take } = message;
  if (json) {
    // A request body (see imports.routes.ts): parsed here, so 32 MiB of JSON is not parsed on the
    // event loop; with `take`, that property (the file, as base64) is checked here and comes back
    // as bytes handed over, not as a 32 MiB string the main thread would copy, check and encode.
    try {
      /** @type {unknown} */
      const value = JSON.parse(Buffer.from(json.buffer, json.byteOffset, json.byteLength).toString('utf8'));
      if (poisoned(value)) parentPort?.postMessage({ id, jsonError: 'the body has a "__proto__" or "constructor.prototype" key' });
      else {
        const taken = take ? takeBase64(value, take) : null;
        if (taken) parentPort?.postMessage({ id, value, taken }, [/** @type {ArrayBuffer} */ (taken.buffer)]);
        else parentPort?.postMessage({ id, value });
      }
    } catch (error) {
      parentPort?.postMessage({ id, jsonError: error instanceof Error ? error.message : String(error) });
    }
    return;
  }
  try {
    // The base64 text arrives as its bytes (see import-parse-pool.ts).
    if (typeof job.contentBase64 !== 'string')
      job.contentBase64 = Buffer.from(job.contentBase64.buffer, job.contentBase64.byteOffset, job.contentBase64.byteLength).toString('latin1');
    const outcome = reader.parseJob(job);
    if (outcome.parsed) {
      const { records } = outcome.parsed;
      for (let i = 0; i < records.length; i += CHUNK) parentPort?.postMessage({ id, records: records.slice(i, i + CHUNK) });
      outcome.parsed.records = [];
    }
    parentPort?.postMessage({ id, outcome });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
