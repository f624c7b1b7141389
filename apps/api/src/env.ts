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
  /** Set when the app runs behind HTTPS (a proxy), so cookies get `Secure` and HSTS is sent. */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
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
