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

parentPort?.on('message', (/** @type {{ id: number, job: { contentBase64: Uint8Array | string } }} */ message) => {
  const { id, job } = message;
  try {
    // The base64 text arrives as its bytes (see import-parse-pool.ts).
    if (typeof job.contentBase64 !== 'string') job.contentBase64 = Buffer.from(job.contentBase64.buffer, job.contentBase64.byteOffset, job.contentBase64.byteLength).toString('latin1');
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
