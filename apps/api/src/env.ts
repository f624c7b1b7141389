import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, so data and the web build are found wherever the process starts. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Relative paths are taken from the repository root, wherever the process starts. */
const repoPath = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((p) => path.resolve(REPO_ROOT, p));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** A PostgreSQL + PostGIS server. Without it the product runs on embedded PGlite. */
  DATABASE_URL: z.string().url().optional(),
  /** Where embedded PGlite keeps its files (git-ignored). */
  PGLITE_DIR: repoPath('.data/pglite'),
  /** Folder of the open data files the loader reads. */
  DATA_DIR: repoPath('data'),
  /** The built web app the API serves; absent means API only. */
  WEB_DIST: repoPath('apps/web/dist'),
  /** A MapLibre style URL for the basemap, or empty for our own offline background. */
  BASEMAP_STYLE_URL: z.string().default(''),
  /** Load the open data on start when the database is empty. */
  AUTO_LOAD_DATA: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Compute the stored provision figures in the background after start when they never have been. */
  PROVISION_ON_START: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Pool size for a PostgreSQL server; the embedded database always gets one connection. */
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * The HTTPS proxies in front of the app, whose `X-Forwarded-*` headers are believed: how
   * many hops (`1` for one proxy), or their addresses and CIDR ranges. Set, cookies get
   * `Secure` and HSTS is sent. Never "every hop": a client could name its own address.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx): TrustProxy => {
      const parsed = parseTrustProxy(value);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /** `pnpm admin:create` only: the new admin's password (otherwise it is asked for). */
  ADMIN_PASSWORD: z.string().optional(),
  /**
   * `pnpm run import` through a running server (--server, or while the server holds the
   * embedded database): a worker's sign-in. Not flags, so the password stays out of the
   * shell history and the process list.
   */
  IMPORT_EMAIL: z.string().optional(),
  IMPORT_PASSWORD: z.string().optional(),
  /** Set by pnpm to the folder a script was run from: `pnpm run import <file>` finds the file there. */
  INIT_CWD: z.string().optional(),
});
export type Env = z.infer<typeof EnvSchema>;

/** Fastify's `trustProxy`: none, a hop count, or the proxies' addresses and ranges. */
export type TrustProxy = false | number | string[];

/** proxy-addr's names for address ranges (Fastify passes them on). */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY's value, or a message saying what is wrong with it. */
function parseTrustProxy(value: string): TrustProxy | string {
  const text = value.trim();
  if (text === 'false' || text === '0') return false;
  if (text === 'true') {
    return 'true would trust every X-Forwarded-For hop, so any client could choose its own address (and dodge rate limits). Give the number of proxies in front of the app (1 for one proxy), or their addresses or CIDR ranges, comma-separated';
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops <= 10 ? hops : `${text} proxy hops is more than any real chain: give the number of proxies in front of the app (1 for one)`;
  }
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !RANGE_NAMES.has(e) && !isAddressOrRange(e));
  if (entries.length === 0 || bad.length > 0) {
    return `not a proxy hop count, address or CIDR range: ${bad.join(', ') || text} (examples: 1; 10.0.0.5; 10.0.0.0/8,fd00::/8; loopback)`;
  }
  return entries;
}

function isAddressOrRange(entry: string): boolean {
  const [address, bits, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  return /^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/** The only reader of process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
