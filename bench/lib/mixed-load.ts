/**
 * A mixed HTTP workload: `connections` loops, each picking a kind of request by weight
 * (a seeded random choice, so runs are comparable), waiting for its answer, and picking the
 * next; plus probes that ask one thing at a fixed interval (health, gaps). Every answer is
 * recorded per kind with its status and latency. Plain node:http with keep-alive sockets:
 * cheaper per request than fetch, and writes can do several steps (read a version, then edit).
 */
import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface Answer {
  status: number;
  ms: number;
  /** The body, when the caller asked for it. */
  body?: string;
}

export interface Send {
  (method: string, path: string, options?: { headers?: Record<string, string>; body?: string; keepBody?: boolean }): Promise<Answer>;
}

export interface RequestKind {
  name: string;
  weight: number;
  /** One request of this kind; returns the answer to record (a write may read first). */
  run(send: Send, random: () => number): Promise<Answer>;
}

export interface KindFigures {
  name: string;
  requests: number;
  statuses: Record<string, number>;
  /** Latency percentiles over every answer, ms. */
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** A small seeded generator (mulberry32): the same seed gives the same choices. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Collects answers per kind. */
export class Recorder {
  private readonly answers = new Map<string, { statuses: Record<string, number>; latencies: number[] }>();

  record(kind: string, answer: Answer): void {
    let entry = this.answers.get(kind);
    if (!entry) this.answers.set(kind, (entry = { statuses: {}, latencies: [] }));
    entry.statuses[answer.status] = (entry.statuses[answer.status] ?? 0) + 1;
    entry.latencies.push(answer.ms);
  }

  figures(): KindFigures[] {
    return [...this.answers].map(([name, { statuses, latencies }]) => {
      const sorted = [...latencies].sort((a, b) => a - b);
      return {
        name,
        requests: sorted.length,
        statuses,
        p50: percentile(sorted, 50),
        p95: percentile(sorted, 95),
        p99: percentile(sorted, 99),
        max: sorted.at(-1) ?? NaN,
      };
    });
  }
}

/** A sender over one keep-alive agent. A network error or a timeout is recorded as status 0. */
export function sender(baseUrl: string, agent: Agent, timeoutMs: number): Send {
  const base = new URL(baseUrl);
  return (method, path, options = {}) =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = request({ host: base.hostname, port: base.port, method, path, agent, headers: { 'accept-encoding': 'gzip', ...options.headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (options.keepBody) chunks.push(chunk);
        });
        res.on('end', () => {
          const ms = performance.now() - started;
          if (!options.keepBody) return resolve({ status: res.statusCode ?? 0, ms });
          const raw = Buffer.concat(chunks);
          const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, ms, body: body.toString('utf8') });
        });
        res.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
      req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
      if (options.body !== undefined) req.end(options.body);
      else req.end();
    });
}

/**
 * Runs the mix for `seconds` on `connections` sockets. Resolves with the figures per kind
 * once every loop has had its last answer.
 */
export async function runMix(
  baseUrl: string,
  kinds: readonly RequestKind[],
  options: { connections: number; seconds: number; seed: number; recorder: Recorder; timeoutMs?: number },
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const send = sender(baseUrl, agent, options.timeoutMs ?? 60_000);
  const total = kinds.reduce((sum, k) => sum + k.weight, 0);
  const deadline = performance.now() + options.seconds * 1000;
  const loop = async (i: number) => {
    const random = seededRandom(options.seed + i);
    while (performance.now() < deadline) {
      let pick = random() * total;
      const kind = kinds.find((k) => (pick -= k.weight) < 0) ?? kinds.at(-1)!;
      options.recorder.record(kind.name, await kind.run(send, random));
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, i) => loop(i)));
  agent.destroy();
}

/** Asks `path()` every `intervalMs` (one at a time) until `stop` resolves; records under `name`. */
export async function runProbe(
  baseUrl: string,
  name: string,
  path: () => string,
  options: { intervalMs: number; recorder: Recorder; stop: Promise<void>; timeoutMs?: number },
): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const send = sender(baseUrl, agent, options.timeoutMs ?? 60_000);
  let stopped = false;
  void options.stop.then(() => (stopped = true));
  while (!stopped) {
    const started = performance.now();
    options.recorder.record(name, await send('GET', path()));
    const wait = options.intervalMs - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  agent.destroy();
}
