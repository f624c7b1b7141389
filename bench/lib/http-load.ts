/**
 * HTTP measurement: one-by-one fetches (cold tiles) and autocannon runs (warm load).
 */
import { request } from 'node:http';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';

/** What a browser sends; tiles are then compressed by @fastify/compress on every response. */
export const BROWSER_ACCEPT_ENCODING = 'gzip, deflate, br, zstd';

export interface FetchTiming {
  path: string;
  status: number;
  ms: number;
  bytes: number;
}

/** GET with plain node:http (no automatic accept-encoding), timing until the body has arrived. */
export function timedGet(baseUrl: string, path: string, acceptEncoding = 'identity'): Promise<FetchTiming> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(`${baseUrl}${path}`, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ path, status: res.statusCode ?? 0, ms: performance.now() - started, bytes }));
      res.on('error', reject);
    });
    req.setTimeout(300_000, () => req.destroy(new Error(`GET ${path}: no answer in 300 s`)));
    req.on('error', reject);
    req.end();
  });
}

export interface SequentialResult {
  tiles: number;
  totalMs: number;
  msPerTile: number;
  tilesPerSecond: number;
  maxMs: number;
  bytes: number;
  each: FetchTiming[];
}

/** Fetches each path once, one after another. Throws on any non-200. */
export async function fetchSequentially(baseUrl: string, paths: readonly string[]): Promise<SequentialResult> {
  const each: FetchTiming[] = [];
  const started = performance.now();
  for (const p of paths) {
    const timing = await timedGet(baseUrl, p);
    if (timing.status !== 200) throw new Error(`GET ${p} answered ${timing.status}`);
    each.push(timing);
  }
  const totalMs = performance.now() - started;
  return {
    tiles: paths.length,
    totalMs,
    msPerTile: totalMs / paths.length,
    tilesPerSecond: (paths.length * 1000) / totalMs,
    maxMs: Math.max(...each.map((e) => e.ms)),
    bytes: each.reduce((sum, e) => sum + e.bytes, 0),
    each,
  };
}

export interface LoadResult {
  connections: number;
  seconds: number;
  acceptEncoding: string;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  bytesPerSecond: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The machine's 1-minute load average when the run ended (others may share the cores). */
  loadAverage1m: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/**
 * autocannon for a fixed time; each connection cycles through `paths` in order. Latency
 * percentiles come from every response (autocannon's own histogram has no p95).
 */
export function loadTest(
  baseUrl: string,
  paths: readonly string[],
  options: { connections: number; seconds: number; acceptEncoding?: string },
): Promise<LoadResult> {
  const acceptEncoding = options.acceptEncoding ?? 'identity';
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: baseUrl,
        connections: options.connections,
        duration: options.seconds,
        timeout: 60,
        headers: { 'accept-encoding': acceptEncoding },
        requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        latencies.sort((a, b) => a - b);
        const seconds = result.duration > 0 ? result.duration : options.seconds;
        resolve({
          connections: options.connections,
          seconds,
          acceptEncoding,
          requests: result.requests.total,
          requestsPerSecond: result.requests.total / seconds,
          latencyMs: {
            p50: percentile(latencies, 50),
            p95: percentile(latencies, 95),
            p99: percentile(latencies, 99),
            max: latencies.at(-1) ?? NaN,
            mean: latencies.reduce((s, v) => s + v, 0) / Math.max(1, latencies.length),
          },
          bytesPerSecond: result.throughput.total / seconds,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}
