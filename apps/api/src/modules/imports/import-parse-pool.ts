import { Worker } from 'node:worker_threads';
import type { ImportCandidate } from '@common-ground/geo/exchange';
import type { ParseJob, ParseOutcome } from './import-parse.js';

/*
 * Reading an import file runs in one worker thread, off the event loop: decoding and parsing
 * a 24 MiB CSV is seconds of CPU, and on the main thread `/api/health` waited for all of it
 * (p99 1,002 ms during a 32 MiB upload). The thread holds no state between files (the API
 * stays stateless); files queue for it one at a time, which also bounds the memory that
 * parsing takes to one file's worth. It is started on the first import and stopped when idle
 * for a minute, so a process that never imports never pays for it, and it never keeps a
 * process (a test run, the CLI) alive.
 */

const IDLE_MS = 60_000;
/**
 * After a file this big (base64 characters) the thread is stopped at once rather than left
 * idle: its heap would hold the file's garbage until V8 chose to collect it, on top of what
 * the main thread needs for matching (peak RSS is the process's, threads included).
 */
const BIG_FILE = 4 * 1024 * 1024;

interface Pending {
  /** For a request body (parseJsonOffThread): its value (and the property taken out as bytes), or why it is not JSON. */
  json?: { resolve: (body: ParsedBody) => void; reject: (error: Error) => void };
  /** Records so far: they come in chunks, so no one message stalls the event loop (see the worker). */
  records: ImportCandidate[];
  big: boolean;
  resolve: (outcome: ParseOutcome) => void;
  reject: (error: Error) => void;
}

let worker: Worker | null = null;
let idle: NodeJS.Timeout | null = null;
const pending = new Map<number, Pending>();
let nextId = 0;

function failAll(error: Error): void {
  for (const p of pending.values()) p.reject(error);
  pending.clear();
}

function start(): Worker {
  // A small young generation: the thread allocates a file's worth of short-lived strings and
  // records, and V8's default let them pile up to ~70 MB more of the process's peak (measured
  // with 50,000 CSV rows: 318 → 250 MB RSS, no slower).
  const w = new Worker(new URL('./import-parse.worker.mjs', import.meta.url), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  w.on(
    'message',
    (message: { id: number; records?: ImportCandidate[]; outcome?: ParseOutcome; error?: string; value?: unknown; taken?: Uint8Array; jsonError?: string }) => {
      const p = pending.get(message.id);
      if (!p) return;
      if (p.json) {
        pending.delete(message.id);
        if (message.jsonError !== undefined) p.json.reject(new JsonBodyError(message.jsonError));
        else p.json.resolve({ value: message.value, taken: message.taken ?? null });
        if (pending.size === 0) rest(w);
        return;
      }
      if (message.records) {
        for (const r of message.records) p.records.push(r);
        return;
      }
      pending.delete(message.id);
      if (message.outcome?.kind === 'parsed') p.resolve({ ...message.outcome, parsed: { ...message.outcome.parsed, records: p.records } });
      else if (message.outcome) p.resolve(message.outcome);
      else p.reject(new Error(`import reader thread: ${message.error ?? 'no answer'}`));
      if (pending.size > 0) return;
      if (p.big) {
        if (worker === w) worker = null;
        void w.terminate();
      } else rest(w);
    },
  );
  // Only the current thread has files queued: one this module stopped (idle, or after a big
  // file) had none, and its exit must not fail the next thread's.
  w.on('error', (error) => {
    if (worker !== w) return;
    worker = null;
    failAll(error);
  });
  w.on('exit', (code) => {
    if (worker !== w) return;
    worker = null;
    failAll(new Error(`import reader thread stopped (exit code ${code})`));
  });
  return w;
}

/** Nothing queued: let the process exit if it wants to, and stop the thread after a while. */
function rest(w: Worker): void {
  w.unref();
  if (idle) clearTimeout(idle);
  idle = setTimeout(() => {
    if (worker === w && pending.size === 0) {
      worker = null;
      void w.terminate();
    }
  }, IDLE_MS);
  idle.unref();
}

/** Parses a file in the reader thread. Rejects only when the thread itself fails (a bug: a 500). */
export function parseOffThread(job: ParseJob): Promise<ParseOutcome> {
  if (idle) clearTimeout(idle);
  worker ??= start();
  const w = worker;
  w.ref();
  const id = nextId++;
  return new Promise<ParseOutcome>((resolve, reject) => {
    pending.set(id, { records: [], big: job.contentBase64.length >= BIG_FILE, resolve, reject });
    // The base64 text (up to 32 MiB) goes over as bytes handed to the thread, not copied
    // on this one (copying it was 70 ms of the event loop). From the API it is bytes already
    // (taken out of the body in the thread: parseJsonOffThread); from the CLI, a string.
    // (TextEncoder's array has its own buffer, never Node's shared pool, so it can be handed over.)
    const text = typeof job.contentBase64 === 'string' ? new TextEncoder().encode(job.contentBase64) : job.contentBase64;
    w.postMessage({ id, job: { ...job, contentBase64: text } }, [text.buffer as ArrayBuffer]);
  });
}

/** A request body that is not JSON (or would poison a prototype): a 400. */
export class JsonBodyError extends Error {
  readonly statusCode = 400;
  readonly code = 'FST_ERR_CTP_INVALID_JSON_BODY';
  constructor(detail: string) {
    super(`The body is not valid JSON: ${detail}`);
    this.name = 'JsonBodyError';
  }
}

/** A request body parsed in the thread; `taken`: the property named by `take`, as bytes (see parseJsonOffThread). */
export interface ParsedBody {
  value: unknown;
  taken: Uint8Array | null;
}

/**
 * Parses a request body (UTF-8 JSON) in the reader thread. The bytes are handed over, not
 * copied, when they own their memory; otherwise copied first (a small body can sit in Node's
 * shared buffer pool, which must never be handed away).
 *
 * `take` names a top-level string property holding base64 (an import's file): when it is
 * valid base64 it is removed from the value and comes back as its bytes (one per character,
 * handed over, not copied), so the event loop never copies, checks (the schema's regular
 * expression: 60 ms for 32 MiB) or re-encodes it. When it is missing, empty or not base64 it
 * stays in the value, for the schema to refuse as it would anyway.
 */
export function parseJsonOffThread(body: Buffer, take?: string): Promise<ParsedBody> {
  if (idle) clearTimeout(idle);
  worker ??= start();
  const w = worker;
  w.ref();
  const id = nextId++;
  const owned = body.byteOffset === 0 && body.buffer.byteLength === body.length && !(body.buffer instanceof SharedArrayBuffer);
  const bytes = owned ? new Uint8Array(body.buffer, 0, body.length) : new Uint8Array(body);
  return new Promise<ParsedBody>((resolve, reject) => {
    pending.set(id, { json: { resolve, reject }, records: [], big: false, resolve: () => undefined, reject });
    w.postMessage({ id, json: bytes, ...(take && { take }) }, [bytes.buffer]);
  });
}
