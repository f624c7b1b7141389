/**
 * `pnpm run import <file> --licence OGL-UK-3.0 [options]`: imports assets from a file
 * (CSV, GeoJSON, OpenStreetMap XML/GeoJSON, Open Referral / HSDS JSON). Run `--help`.
 *
 * (`pnpm import` is pnpm's own command, which wins over a script of that name: use
 * `pnpm run import`.)
 *
 * Always a dry run first: it prints what would be added, updated, merged, left unchanged
 * or rejected (and why), then applies only with --yes or a "y" at the prompt, all or
 * nothing in one transaction.
 *
 * Where it runs: with DATABASE_URL, on that server. Otherwise on the embedded database,
 * which only one process may open: while `pnpm start` holds it, the import goes through
 * the running server's API (signed in as a worker, IMPORT_EMAIL / IMPORT_PASSWORD or
 * asked for), or, without a sign-in and not at a terminal, is refused with what to do.
 * Nothing ever opens the embedded database beside the server.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  CsvColumnMapping,
  ImportErrorBody,
  ImportReport,
  ImportRequest,
  ImportSource,
  ImportUndoResult,
  type ImportFormat,
  type ImportReportRow,
} from '@common-ground/schema';
import type { z } from 'zod';
import { countByReason } from '@common-ground/geo/exchange';
import { log, withDatabase } from './with-database.js';
import { readEnv, type Env } from '../env.js';
import { AppError, EmbeddedDatabaseBusyError } from '../errors.js';
import { importFile, undoImport, type ImportProgress } from '../modules/imports/imports.service.js';
import { createProgressBar } from './progress-bar.js';
import { ask, NoAnswerError } from './prompt.js';

export const USAGE = `Usage: pnpm run import <file> --licence <licence> [options]

  (Not "pnpm import": that is pnpm's own command, which converts lockfiles.)

  Checks the file first (a dry run) and prints what would happen to every record; then
  imports it, all or nothing, when you confirm (or with --yes).

File:
  --format <f>            auto (default), csv, geojson, osm-xml, osm-geojson, hsds, oruk
  --mapping <pairs>       CSV columns: name=Name,lat=Latitude,lon=Longitude (or postcode=…,
                          address=…), category=…, id=…, description=…, organisation=…,
                          phone=…, email=…, website=…, openingHours=…, defaultCategory=<code>,
                          registerCode=<ODS or charity number column> with registerScheme=<column>
                          or defaultRegisterScheme=GB-NHS (records sharing a code are matched)
  --mapping-file <json>   the same as a JSON file ({"name": "Name", "postcode": "Postcode", …})
  --default-category <c>  category for records with none of their own (a category code)
  --encoding <e>          auto (default: UTF-8, else Windows-1252 with a warning), utf-8,
                          windows-1252, iso-8859-1
Source (kept on every asset it brings):
  --licence <l>           required: the file's licence (e.g. OGL-UK-3.0, ODbL-1.0, CC-BY-4.0),
                          or "unknown" to say, on the record, that you do not know it
  --source-code <code>    default: from the file name; re-importing under one code updates
  --source-name <name>    default: the file name
  --publisher <name>      default: the source name
  --attribution <text>    default: "<source name>, <licence>"
  --url <url>             where the data comes from
What to do:
  --dry-run               check only: print the report, change nothing
  --yes                   apply without asking (needed when not at a terminal)
  --skip-rejected         apply even though some records are rejected (they are listed, not imported)
  --decline-merge <ref>   add this record as a new asset instead of merging it (repeatable)
  --retire-missing        re-sync: close (mark defunct) this source's assets that the file no
                          longer lists; they are listed in the check first
  --source-date <date>    the date the data is from (YYYY-MM-DD), kept as each record's data
                          date so freshness tells old data from new (default: today)
  --report <file.json>    also write the full report as JSON
  --undo <import-id>      undo an applied import (its id is printed when it is applied): what it
                          added is withdrawn, what it changed, merged or retired is put back
Exit codes:
  0  imported, or nothing needed changing (the same file again), or a check (--dry-run) ran;
     also --help
  1  the import failed or was refused (rejected records without --skip-rejected, a bad file)
  2  the command line was wrong, or nobody confirmed (not at a terminal without --yes)
Where:
  --server <url>          send the import to a running Common Ground server (e.g.
                          http://127.0.0.1:3000) as a worker: IMPORT_EMAIL and IMPORT_PASSWORD,
                          or asked for. Used by itself when the server holds the embedded database.
  DATABASE_URL            import straight into that PostgreSQL server
`;

class UsageError extends Error {}
/** --help: the usage on stdout, exit 0. */
class HelpRequested extends Error {}

/** A slug for a source code from a file name: 'Bristol services 2024.json' → 'bristol-services-2024'. */
export function sourceCodeOf(fileName: string): string {
  const slug = path
    .basename(fileName, path.extname(fileName))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : `import-${slug || 'file'}`;
}

/** `name=Name,lat=Latitude` → { name: 'Name', lat: 'Latitude' } (a value may hold '=' but not ','). */
export function parseMappingFlag(value: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const pair of value.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`--mapping: "${pair}" is not field=Column`);
    mapping[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return mapping;
}

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`${what}: ${parsed.error.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

export interface CliRequest {
  request: ImportRequest;
  server: string | undefined;
  yes: boolean;
  dryRun: boolean;
  reportFile: string | undefined;
}

/** The import to run, or with --undo the import to undo. */
export function buildRequest(args: string[], cwd: string): CliRequest | { undo: string; server: string | undefined } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      mapping: { type: 'string' },
      'mapping-file': { type: 'string' },
      'default-category': { type: 'string' },
      encoding: { type: 'string' },
      licence: { type: 'string' },
      'source-code': { type: 'string' },
      'source-name': { type: 'string' },
      publisher: { type: 'string' },
      attribution: { type: 'string' },
      url: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
      'skip-rejected': { type: 'boolean', default: false },
      'decline-merge': { type: 'string', multiple: true },
      report: { type: 'string' },
      server: { type: 'string' },
      'retire-missing': { type: 'boolean', default: false },
      'source-date': { type: 'string' },
      undo: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) throw new HelpRequested(USAGE);
  if (values.undo !== undefined) {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(values.undo)) {
      throw new UsageError(`--undo: "${values.undo}" is not an import id (a UUID, printed when the import was applied).`);
    }
    return { undo: values.undo.toLowerCase(), server: values.server };
  }
  const given = positionals[0];
  if (!given || positionals.length > 1) throw new UsageError(`Give one file to import.\n\n${USAGE}`);
  if (!values.licence) {
    throw new UsageError('--licence is required: the licence the file is published under (e.g. OGL-UK-3.0), or "unknown" if you do not know it.');
  }
  // pnpm runs the script in apps/api: a relative path means the folder the command was typed in.
  const file = path.resolve(cwd, given);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  const fileName = path.basename(file);
  let mapping: CsvColumnMapping | undefined;
  if (values.mapping || values['mapping-file']) {
    let raw: unknown;
    if (values['mapping-file']) {
      try {
        raw = JSON.parse(readFileSync(path.resolve(cwd, values['mapping-file']), 'utf8'));
      } catch (error) {
        throw new UsageError(`--mapping-file: ${(error as Error).message}`);
      }
    } else {
      raw = parseMappingFlag(values.mapping!);
    }
    // --default-category serves the mapping too: a CSV with no category column needs it there.
    if (values['default-category'] && raw && typeof raw === 'object' && !('defaultCategory' in raw)) {
      raw = { ...raw, defaultCategory: values['default-category'] };
    }
    mapping = check(CsvColumnMapping, raw, '--mapping');
  }
  const name = values['source-name'] ?? fileName;
  const publisher = values.publisher ?? name;
  const source = check(
    ImportSource,
    {
      code: values['source-code'] ?? sourceCodeOf(fileName),
      name,
      publisher,
      licence: values.licence,
      attribution: values.attribution ?? `${name}, ${values.licence}`,
      url: values.url ?? null,
    },
    'source',
  );
  const request = check(
    ImportRequest,
    {
      fileName,
      contentBase64: bytes.toString('base64'),
      format: (values.format ?? 'auto') as ImportFormat | 'auto',
      encoding: values.encoding ?? 'auto',
      ...(mapping && { mapping }),
      source,
      ...(values['default-category'] && { defaultCategory: values['default-category'] }),
      dryRun: true,
      skipRejected: values['skip-rejected'],
      declineMerges: values['decline-merge'] ?? [],
      retireMissing: values['retire-missing'],
      ...(values['source-date'] !== undefined && { sourceDate: values['source-date'] }),
    },
    'options',
  );
  return { request, server: values.server, yes: values.yes, dryRun: values['dry-run'], reportFile: values.report };
}

/** Runs one request (a dry run or the apply): an answer, or an error body that says what is wrong. */
type Send = (request: ImportRequest, progress?: ImportProgress) => Promise<ImportReport>;

class ImportRefused extends Error {
  constructor(
    message: string,
    readonly body: ImportErrorBody,
  ) {
    super(message);
  }
}

function errorBodyOf(error: AppError): ImportErrorBody {
  return { ...(error.extra as object), code: error.code, message: error.message, ...(error.issues && { issues: error.issues }) };
}

/** Straight on the database (a server by DATABASE_URL, or the embedded one when nobody holds it). */
async function directly<T>(env: Env, fn: (send: Send) => Promise<T>): Promise<T> {
  return withDatabase(env, { purpose: 'pnpm run import' }, (db) => {
    const deps = { db: db.db, transact: db.transact, dataDir: env.DATA_DIR };
    return fn(async (request, progress) => {
      try {
        return await importFile(deps, request, { user: null, ip: 'cli', ...(progress && { progress }) });
      } catch (error) {
        if (error instanceof AppError && error.statusCode < 500) throw new ImportRefused(error.message, errorBodyOf(error));
        throw error;
      }
    });
  });
}

/** Signs in to a running server as a worker (cookie + CSRF token, as the web app does). */
async function signInTo(env: Env, server: string): Promise<{ base: string; cookie: string; csrfToken: string }> {
  const base = server.replace(/\/+$/, '');
  const email = env.IMPORT_EMAIL ?? (process.stdin.isTTY ? await ask(`Worker email for ${base}: `) : undefined);
  const password = env.IMPORT_PASSWORD ?? (process.stdin.isTTY ? await ask('Password: ', { hidden: true }) : undefined);
  if (!email || !password) {
    throw new UsageError(`To import through ${base}, set IMPORT_EMAIL and IMPORT_PASSWORD to a worker's sign-in (or run at a terminal to be asked).`);
  }
  const signIn = await fetch(`${base}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  }).catch((error: unknown) => {
    throw new UsageError(`Cannot reach ${base}: ${(error as Error).message}. Is the server running (pnpm start)?`);
  });
  if (!signIn.ok) throw new UsageError(`Sign-in to ${base} failed (${signIn.status}): ${await signIn.text()}`);
  const cookie = (signIn.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const me = (await (await fetch(`${base}/api/auth/me`, { headers: { cookie } })).json()) as { csrfToken?: string };
  if (!me.csrfToken) throw new UsageError(`Signed in to ${base}, but it gave no session (is it a Common Ground server?)`);
  return { base, cookie, csrfToken: me.csrfToken };
}

/** Through a running server's API, signed in as a worker. */
async function viaServer(env: Env, server: string): Promise<Send> {
  const { base, cookie, csrfToken } = await signInTo(env, server);
  return async (request) => {
    const res = await fetch(`${base}/api/imports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify(request),
    });
    const body: unknown = await res.json();
    if (res.ok) return ImportReport.parse(body);
    const error = ImportErrorBody.safeParse(body);
    if (error.success) throw new ImportRefused(error.data.message, error.data);
    throw new Error(`${base} answered ${res.status}: ${JSON.stringify(body).slice(0, 500)}`);
  };
}

const SHOWN = 40;

/**
 * The report as a person reads it: counts; rejections summarised by reason, then listed;
 * merges and updates with the rule and reason of each match; possible duplicates; the
 * categories that were guessed; what a re-sync retires.
 */
export function formatReport(report: ImportReport): string {
  const c = report.counts;
  const lines = [
    `${report.dryRun ? 'Check' : 'Imported'} (${report.format}, source ${report.source.code}): ${c.total} records — ` +
      `${c.added} added, ${c.updated} updated, ${c.merged} merged, ${c.unchanged} unchanged, ${c.rejected} rejected` +
      (c.retired ? `, ${c.retired} retired` : ''),
  ];
  if (report.importId) lines.push(`Import id ${report.importId} (undo with --undo ${report.importId})`);
  for (const w of report.warnings) lines.push(`Warning: ${w.message}`);
  const line = (r: ImportReportRow, extra = '') => {
    const where = r.line !== null ? `line ${r.line}` : r.ref;
    return `  ${where}${r.name ? ` ${r.name}` : ''}${extra}`;
  };
  const list = (title: string, rows: readonly ImportReportRow[], describe: (r: ImportReportRow) => string) => {
    if (rows.length === 0) return;
    lines.push('', `${title} (${rows.length}):`);
    for (const r of rows.slice(0, SHOWN)) lines.push(describe(r));
    if (rows.length > SHOWN) lines.push(`  … and ${rows.length - SHOWN} more (the full list: --report <file.json>)`);
  };
  const issuesOf = (r: ImportReportRow) => r.issues.map((i) => `${i.field ? `${i.field}: ` : ''}${i.message}`).join('; ');

  const rejected = report.rows.filter((r) => r.outcome === 'rejected');
  if (rejected.length) {
    lines.push('', 'Rejected, by reason:');
    for (const [reason, n] of countByReason(rejected)) lines.push(`  ${String(n).padStart(6)} × ${reason}`);
  }
  list('Rejected', rejected, (r) => line(r, ` — ${issuesOf(r)}`));
  for (const outcome of ['merged', 'updated'] as const) {
    list(
      `${outcome[0]!.toUpperCase()}${outcome.slice(1)}`,
      report.rows.filter((r) => r.outcome === outcome),
      (r) => {
        const m = r.matched ? ` → "${r.matched.name}" (${r.matched.rule}: ${r.matched.reason || `${r.matched.distanceMetres} m away`})` : '';
        const notes = issuesOf(r);
        return line(r, `${m}${notes ? ` — ${notes}` : ''}`);
      },
    );
  }
  list(
    'Possible duplicates (not merged: check them)',
    report.rows.filter((r) => r.possibleDuplicates.length > 0),
    (r) => line(r, ` ~ ${r.possibleDuplicates.map((d) => `"${d.name}" (${d.categoryCode}, ${d.distanceMetres} m)`).join(', ')}`),
  );
  const guessed = report.rows.filter((r) => r.outcome !== 'rejected' && r.issues.some((i) => /category guessed/i.test(i.message)));
  list('Category guessed', guessed, (r) =>
    line(
      r,
      ` — ${r.issues
        .filter((i) => /category guessed/i.test(i.message))
        .map((i) => i.message)
        .join('; ')}`,
    ),
  );
  if (report.retired.length) {
    lines.push('', `${report.dryRun ? 'Would retire' : 'Retired'} (no longer in the file) (${report.retired.length}):`);
    for (const r of report.retired.slice(0, SHOWN)) lines.push(`  ${r.name} (record ${r.sourceId}, asset ${r.assetId})`);
    if (report.retired.length > SHOWN) lines.push(`  … and ${report.retired.length - SHOWN} more`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const env = readEnv();
  const built = buildRequest(process.argv.slice(2), env.INIT_CWD ?? process.cwd());
  if ('undo' in built) return undoMain(env, built.undo, built.server);
  const { request, server, yes, dryRun, reportFile } = built;
  const bar = createProgressBar(process.stderr);
  const progress: ImportProgress = (stage, done, total) => bar.update(stage, done, total);

  const run = async (send: Send) => {
    const started = performance.now();
    const check = await send(request, progress).finally(() => bar.done());
    const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`${formatReport(check)}\n`);
    if (reportFile) writeReport(path.resolve(env.INIT_CWD ?? process.cwd(), reportFile), check);
    log(`Checked in ${seconds()} s.`);
    if (dryRun) return;
    const changes = check.counts.added + check.counts.updated + check.counts.merged + check.counts.retired;
    if (changes === 0) {
      // A scheduled sync of an unchanged file is a success, not a failure.
      log(`Nothing to import: every record is unchanged${check.counts.rejected ? ' or rejected' : ''}.`);
      return;
    }
    if (check.counts.rejected > 0 && !request.skipRejected) {
      log(`${check.counts.rejected} records were rejected; fix them or confirm skipping them with --skip-rejected. Nothing was imported.`);
      process.exitCode = 1;
      return;
    }
    if (!yes) {
      if (!process.stdin.isTTY) {
        log('Not at a terminal: add --yes to import, or --dry-run to only check. Nothing was imported.');
        process.exitCode = 2;
        return;
      }
      const answer = await ask(`Import ${changes} records${check.counts.rejected ? ` (skipping ${check.counts.rejected} rejected)` : ''}? [y/N] `);
      if (!/^y(es)?$/i.test(answer.trim())) {
        log('Nothing was imported.');
        return;
      }
    }
    const applied = await send({ ...request, dryRun: false }, progress).finally(() => bar.done());
    process.stdout.write(`${formatReport(applied)}\n`);
    if (reportFile) writeReport(path.resolve(env.INIT_CWD ?? process.cwd(), reportFile), applied);
    log(`Done in ${seconds()} s.`);
  };

  if (server) return run(await viaServer(env, server));
  try {
    await directly(env, run);
  } catch (error) {
    if (!(error instanceof EmbeddedDatabaseBusyError)) throw error;
    // The server holds the embedded database: go through it, or say what to do.
    const url = `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${env.PORT}`;
    if ((env.IMPORT_EMAIL && env.IMPORT_PASSWORD) || process.stdin.isTTY) {
      log(`The embedded database is in use by process ${error.pid} (${error.purpose}): importing through ${url}.`);
      return run(await viaServer(env, url));
    }
    throw new UsageError(
      `The embedded database is in use by process ${error.pid} (${error.purpose}), and only one process may open it. ` +
        `Nothing was imported. Either: send the import through the running server (set IMPORT_EMAIL and IMPORT_PASSWORD ` +
        `to a worker's sign-in, and add --server ${url} if it is not there); or use the upload screen at ${url}/import; ` +
        'or stop the server and run this again; or set DATABASE_URL to use a PostgreSQL server.',
    );
  }
}

/** --undo: on the database, or through the server's API. */
async function undoMain(env: Env, importId: string, server: string | undefined): Promise<void> {
  const say = (r: ImportUndoResult): void => {
    process.stdout.write(`Undone import ${r.importId} (source ${r.sourceCode}): ${r.withdrawn} withdrawn, ${r.restored} restored, ${r.reopened} reopened\n`);
  };
  if (server) {
    const { base, cookie, csrfToken } = await signInTo(env, server);
    const res = await fetch(`${base}/api/imports/${importId}/undo`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    const body: unknown = await res.json().catch(() => undefined);
    if (!res.ok) {
      // The server's own error body (its code says why); anything else is the server's fault.
      const refused = ImportErrorBody.safeParse(body);
      throw new ImportRefused(
        refused.success ? refused.data.message : `${base} answered ${res.status}`,
        refused.success ? refused.data : { code: 'internal_error', message: `${base} answered ${res.status}` },
      );
    }
    return say(ImportUndoResult.parse(body));
  }
  await withDatabase(env, { purpose: 'pnpm run import --undo' }, async (db) => {
    const deps = { db: db.db, transact: db.transact, dataDir: env.DATA_DIR };
    say(
      await undoImport(deps, importId, { user: null, ip: 'cli' }).catch((error: unknown) => {
        if (error instanceof AppError && error.statusCode < 500) throw new ImportRefused(error.message, errorBodyOf(error));
        throw error;
      }),
    );
  });
}

function writeReport(file: string, report: ImportReport): void {
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof HelpRequested) {
    process.stdout.write(error.message);
    process.exit(0);
  }
  if (error instanceof UsageError || error instanceof NoAnswerError) {
    log(error.message);
    process.exit(2);
  }
  if (error instanceof ImportRefused) {
    log(error.body.message);
    if (error.body.columns) log(`Columns: ${error.body.columns.join(', ')}`);
    for (const issue of error.body.issues ?? []) log(`  ${issue.path}: ${issue.message}`);
    if (error.body.report) process.stdout.write(`${formatReport(error.body.report)}\n`);
    process.exit(1);
  }
  log(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
