/**
 * pgbench on a parameterised statement: the API's `$n` parameters become pgbench
 * variables given with `-D`, so pgbench sends the same statement with the same values as
 * bound parameters (`-M prepared`, the default here: parsed once per session and then
 * bound and executed, as the API runs its named search statements).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGBENCH, type PgbenchResult } from './postgres.js';

const run = promisify(execFile);

export interface PgbenchScript {
  /** The script file's name (without .sql). */
  name: string;
  /** The statement with `:<prefix><n>` where it had `$n`. */
  sql: string;
  /** pgbench variables for `-D name=value`. */
  variables: Record<string, string>;
}

/**
 * A value as node-postgres sends it as text (`prepareValue`): numbers and booleans as
 * their strings, arrays as an array literal with every element quoted. NULL cannot be
 * given with -D, so it is refused.
 * @example pgbenchValue(['food', 'food-bank']) // '{"food","food-bank"}'
 */
export function pgbenchValue(value: unknown): string {
  if (value === null || value === undefined) throw new Error('pgbench -D cannot pass NULL');
  if (Array.isArray(value)) {
    return `{${value.map((v) => (v === null ? 'NULL' : `"${pgbenchValue(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * `$n` → `:<prefix><n>` and the values as pgbench variables. A prefix per script lets one
 * pgbench run mix several statements (every -D variable is visible to every script).
 * @example toPgbenchScript('sheffield', { text: 'SELECT $1::int', values: [3] }, 'r0p')
 *   // { name: 'sheffield', sql: 'SELECT :r0p1::int', variables: { r0p1: '3' } }
 */
export function toPgbenchScript(name: string, statement: { text: string; values: readonly unknown[] }, prefix: string): PgbenchScript {
  const used = new Set<number>();
  const sql = statement.text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n);
    if (i < 1 || i > statement.values.length) throw new Error(`$${n} has no value (${statement.values.length} given)`);
    used.add(i);
    return `:${prefix}${i}`;
  });
  if (used.size !== statement.values.length) throw new Error(`only ${used.size} of ${statement.values.length} parameters appear in the statement`);
  const variables = Object.fromEntries(statement.values.map((v, i) => [`${prefix}${i + 1}`, pgbenchValue(v)]));
  return { name, sql, variables };
}

export interface ScriptPgbenchResult extends PgbenchResult {
  protocol: 'simple' | 'extended' | 'prepared';
  /**
   * Seconds at the start left out of `tps`, `transactions` and the latencies: each new
   * connection's first transactions (e.g. PostGIS setting up PROJ for ST_Transform, a
   * quarter of a second per session) are not what a warm pool does.
   */
  warmUpSeconds: number;
  /** What pgbench itself printed for the whole run, warm-up included. */
  wholeRun: { seconds: number; tps: number; latencyAvgMs: number; transactions: number };
  /** Per-transaction latency percentiles from pgbench's transaction log (-l), ms. */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  /** PGOPTIONS the run used (the API's session settings). */
  pgoptions: string;
  scripts: string[];
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/**
 * Runs pgbench for a fixed time over the scripts (each transaction picks one at random,
 * equal weights), with PGOPTIONS set so its sessions are set up as the API's are. Every
 * transaction is logged (-l); throughput and latency percentiles are read from the log
 * over the last `seconds`, after `warmUpSeconds` in which the new connections warm up.
 */
export async function pgbenchScripts(
  url: string,
  scripts: readonly PgbenchScript[],
  options: {
    clients: number;
    threads: number;
    /** Measured seconds, after `warmUpSeconds`. */
    seconds: number;
    warmUpSeconds: number;
    protocol: 'simple' | 'extended' | 'prepared';
    pgoptions: string;
  },
): Promise<ScriptPgbenchResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cg-bench-pgbench-'));
  try {
    const files = scripts.map((s) => {
      const file = path.join(dir, `${s.name}.sql`);
      writeFileSync(file, `${s.sql.trim()};\n`);
      return file;
    });
    const variables = scripts.flatMap((s) => Object.entries(s.variables).flatMap(([k, v]) => ['-D', `${k}=${v}`]));
    const args = [
      '-n',
      '-M',
      options.protocol,
      '-c',
      String(options.clients),
      '-j',
      String(options.threads),
      '-T',
      String(options.warmUpSeconds + options.seconds),
      '-l',
      `--log-prefix=${path.join(dir, 'txlog')}`,
      ...variables,
      ...files.flatMap((f) => ['-f', f]),
      url,
    ];
    const { stdout } = await run(PGBENCH, args, {
      timeout: (options.warmUpSeconds + options.seconds + 120) * 1000,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, PGOPTIONS: options.pgoptions },
    });
    const num = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? NaN);
    const tps = num(/^tps = ([\d.]+)/m);
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
    // Log lines: client_id transaction_no latency_us script_no end_epoch_s end_us. The
    // measured window is the last `seconds` before the last transaction ended.
    const transactions: { endS: number; ms: number }[] = [];
    for (const file of readdirSync(dir).filter((f) => f.startsWith('txlog'))) {
      for (const line of readFileSync(path.join(dir, file), 'utf8').split('\n')) {
        const f = line.split(' ').map(Number);
        if (f.length >= 6 && f.every(Number.isFinite)) transactions.push({ endS: f[4]! + f[5]! / 1e6, ms: f[2]! / 1000 });
      }
    }
    const lastEnd = Math.max(...transactions.map((t) => t.endS));
    const measured = transactions.filter((t) => t.endS > lastEnd - options.seconds);
    const latencies = measured.map((t) => t.ms).sort((a, b) => a - b);
    return {
      clients: options.clients,
      threads: options.threads,
      seconds: options.seconds,
      warmUpSeconds: options.warmUpSeconds,
      tps: measured.length / options.seconds,
      latencyAvgMs: latencies.reduce((sum, v) => sum + v, 0) / Math.max(1, latencies.length),
      transactions: measured.length,
      failed: Number(/^number of failed transactions: (\d+)/m.exec(stdout)?.[1] ?? 0),
      wholeRun: {
        seconds: options.warmUpSeconds + options.seconds,
        tps,
        latencyAvgMs: num(/^latency average = ([\d.]+) ms/m),
        transactions: num(/^number of transactions actually processed: (\d+)/m),
      },
      protocol: options.protocol,
      latencyMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? NaN,
      },
      pgoptions: options.pgoptions,
      scripts: scripts.map((s) => s.sql),
      command: `PGOPTIONS='${options.pgoptions}' pgbench ${args
        .map((a) => (a.startsWith(dir) || a.startsWith('--log-prefix') ? path.basename(a) : /[\s{}"',]/.test(a) ? `'${a}'` : a))
        .join(' ')}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
