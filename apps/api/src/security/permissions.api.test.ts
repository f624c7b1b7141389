import { randomUUID } from 'node:crypto';
import { IMPORT_BODY_LIMIT, NEED_MEASURE_BODY_LIMIT } from '@common-ground/schema';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { issueResetToken } from '../modules/auth/auth.service.js';
import { WRITE_BODY_LIMIT } from '../http/route-limits.js';
import { useApp } from '../testing/api-app.js';
import { nextTestAddress, signedIn, TEST_PASSWORD, uniqueEmail, type TestPerson } from '../testing/people.js';

/*
 * The permission matrix: every state-changing route in Fastify's registry × every role
 * (nobody, resident, worker, admin) × owning the object or not. A route missing from
 * MATRIX fails the test, so a new route cannot escape it.
 *
 * Each cell builds its own objects (through the API, as their owners would) and checks
 * the status the server gives; the expected statuses are the access rules, written out.
 */

type Who = 'anonymous' | 'resident' | 'worker' | 'admin';
const EVERYONE: Who[] = ['anonymous', 'resident', 'worker', 'admin'];

type Expected = Record<Who, number>;
const only = (role: 'worker' | 'admin', ok: number): Expected => ({
  anonymous: 401,
  resident: 403,
  worker: role === 'worker' ? ok : 403,
  admin: ok,
});
const signedInOk = (ok: number): Expected => ({ anonymous: 401, resident: ok, worker: ok, admin: ok });

interface Ctx {
  app: FastifyInstance;
  /** Sends a request as `person` (null: nobody), with its own client address. */
  send(person: TestPerson | null, request: InjectOptions): Promise<{ statusCode: number; json(): unknown; body: string }>;
  /** A published asset made by a fresh worker; its id and version. */
  publishedAsset(): Promise<{ id: string; version: number }>;
  /** A resident's pending new asset and its submission. */
  pendingAsset(owner?: TestPerson): Promise<{ id: string; submissionId: string }>;
  annotation(author: TestPerson): Promise<{ id: string; version: number }>;
  /** A custom area of one LSOA saved by `owner` (else a fresh resident); its id. */
  customArea(owner?: TestPerson): Promise<string>;
  report(): Promise<string>;
  /** A need measure loaded by `owner` (a fresh worker by default); its slug. */
  needMeasure(owner?: TestPerson): Promise<string>;
  lsoa: string;
  categoryCode: string;
  postcode: string;
}

interface Case {
  label: string;
  /** `own`: the object belongs to the person asking (not applicable to nobody). */
  ownership: 'own' | 'other' | 'none';
  request(ctx: Ctx, actor: TestPerson | null): Promise<InjectOptions>;
  expect: Partial<Expected>;
}

const assetInput = (ctx: Ctx, name = `Matrix group ${Date.now()}`) => ({
  name,
  categoryCode: ctx.categoryCode,
  postcode: ctx.postcode,
});

let measureCounter = 0;
/** A need measure upload over ten real LSOAs, with a slug of its own. */
const needUpload = async (ctx: Ctx) => {
  const { rows } = await ctx.app.pg.query<{ code: string }>('SELECT code FROM areas ORDER BY code LIMIT 10');
  return {
    name: 'Matrix need',
    slug: `matrix-${process.pid}-${Date.now()}-${measureCounter++}`,
    direction: 'higher_is_more_need',
    csv: `lsoa21cd,value\n${rows.map((r, i) => `${r.code},${i}`).join('\n')}\n`,
  };
};
/** A one-row CSV, checked (dry run): the import route's cheapest complete request. */
const importCheck = () => ({
  fileName: 'matrix.csv',
  contentBase64: Buffer.from('name,postcode\nMatrix hall,S1 2HE\n').toString('base64'),
  mapping: { name: 'name', postcode: 'postcode', defaultCategory: 'library' },
  source: { code: 'matrix-import', name: 'Matrix', publisher: 'Tests', licence: 'OGL-UK-3.0', attribution: 'Tests' },
});
/** Only the owner may change a custom area; to anyone else it does not exist. */
const ownersOnly = (ok: number): Case['expect'] => ({ resident: ok, worker: ok, admin: ok });
const othersNotFound: Case['expect'] = { anonymous: 401, resident: 404, worker: 404, admin: 404 };

const MATRIX: Record<string, Case[]> = {
  'POST /api/auth/register': [
    {
      label: 'a new account',
      ownership: 'none',
      request: async () => ({
        method: 'POST',
        url: '/api/auth/register',
        payload: { email: uniqueEmail('matrix'), password: TEST_PASSWORD, displayName: 'Matrix' },
      }),
      expect: { anonymous: 201, resident: 201, worker: 201, admin: 201 },
    },
  ],
  'POST /api/auth/sign-in': [
    {
      label: 'own credentials',
      ownership: 'none',
      request: async (ctx) => {
        const someone = await signedIn(ctx.app, 'resident', 'signer');
        return { method: 'POST', url: '/api/auth/sign-in', payload: { email: someone.email, password: TEST_PASSWORD } };
      },
      expect: { anonymous: 200, resident: 200, worker: 200, admin: 200 },
    },
  ],
  'POST /api/auth/sign-out': [
    {
      label: 'own session',
      ownership: 'none',
      request: async () => ({ method: 'POST', url: '/api/auth/sign-out' }),
      // Signing out when signed out is harmless: the same answer, so it cannot be probed.
      expect: { anonymous: 204, resident: 204, worker: 204, admin: 204 },
    },
  ],
  'POST /api/auth/reset-password': [
    {
      label: 'a valid one-time token',
      ownership: 'none',
      request: async (ctx) => {
        const someone = await signedIn(ctx.app, 'resident', 'resetter');
        const issued = await issueResetToken(ctx.app.database, someone.email);
        return { method: 'POST', url: '/api/auth/reset-password', payload: { token: issued!.token, password: `${TEST_PASSWORD} 2` } };
      },
      expect: { anonymous: 204, resident: 204, worker: 204, admin: 204 },
    },
  ],
  'POST /api/assets': [
    {
      label: 'a new asset',
      ownership: 'none',
      request: async (ctx) => ({ method: 'POST', url: '/api/assets', payload: assetInput(ctx) }),
      expect: signedInOk(201),
    },
  ],
  'PUT /api/assets/:id': [
    {
      label: 'a published asset',
      ownership: 'other',
      request: async (ctx) => {
        const asset = await ctx.publishedAsset();
        return { method: 'PUT', url: `/api/assets/${asset.id}`, payload: { asset: assetInput(ctx), baseVersion: asset.version } };
      },
      // A resident's edit waits for review (202); workers publish directly.
      expect: { anonymous: 401, resident: 202, worker: 200, admin: 200 },
    },
    {
      label: "someone else's pending asset",
      ownership: 'other',
      request: async (ctx) => {
        const asset = await ctx.pendingAsset();
        return { method: 'PUT', url: `/api/assets/${asset.id}`, payload: { asset: assetInput(ctx), baseVersion: 1 } };
      },
      expect: { anonymous: 401, resident: 404, worker: 200, admin: 200 },
    },
    {
      label: 'their own pending asset',
      ownership: 'own',
      request: async (ctx, actor) => {
        const asset = await ctx.pendingAsset(actor!);
        return { method: 'PUT', url: `/api/assets/${asset.id}`, payload: { asset: assetInput(ctx), baseVersion: 1 } };
      },
      expect: { resident: 200 },
    },
  ],
  'POST /api/assets/:id/verify': [
    {
      label: 'a published asset',
      ownership: 'other',
      request: async (ctx) => {
        const asset = await ctx.publishedAsset();
        return { method: 'POST', url: `/api/assets/${asset.id}/verify`, payload: { baseVersion: asset.version } };
      },
      expect: only('worker', 200),
    },
  ],
  'POST /api/assets/:id/revert': [
    {
      label: 'an edited asset, back to its first version',
      ownership: 'other',
      request: async (ctx) => {
        const asset = await ctx.publishedAsset();
        return { method: 'POST', url: `/api/assets/${asset.id}/revert`, payload: { toVersion: 1, baseVersion: asset.version } };
      },
      expect: only('worker', 200),
    },
  ],
  'POST /api/assets/:id/reports': [
    {
      label: 'a published asset',
      ownership: 'other',
      request: async (ctx) => {
        const asset = await ctx.publishedAsset();
        return { method: 'POST', url: `/api/assets/${asset.id}/reports`, payload: { kind: 'closed' } };
      },
      expect: { anonymous: 201, resident: 201, worker: 201, admin: 201 },
    },
  ],
  'POST /api/submissions/:id/review': [
    {
      label: "a resident's pending new asset",
      ownership: 'other',
      request: async (ctx) => {
        const asset = await ctx.pendingAsset();
        return { method: 'POST', url: `/api/submissions/${asset.submissionId}/review`, payload: { decision: 'approve' } };
      },
      expect: only('worker', 200),
    },
  ],
  'POST /api/submissions/:id/withdraw': [
    {
      label: 'their own proposal',
      ownership: 'own',
      request: async (ctx, actor) => {
        const asset = await ctx.pendingAsset(actor!);
        return { method: 'POST', url: `/api/submissions/${asset.submissionId}/withdraw` };
      },
      expect: { resident: 200 },
    },
    {
      label: "someone else's proposal",
      ownership: 'other',
      request: async (ctx) => {
        const asset = await ctx.pendingAsset();
        return { method: 'POST', url: `/api/submissions/${asset.submissionId}/withdraw` };
      },
      expect: { anonymous: 401, resident: 404, worker: 403, admin: 403 },
    },
  ],
  'POST /api/reports/:id/resolve': [
    {
      label: 'an open report',
      ownership: 'other',
      request: async (ctx) => ({ method: 'POST', url: `/api/reports/${await ctx.report()}/resolve`, payload: { status: 'resolved' } }),
      expect: only('worker', 200),
    },
  ],
  'POST /api/assets/:id/annotations': [
    {
      label: 'a public note on a published asset',
      ownership: 'other',
      request: async (ctx) => {
        const asset = await ctx.publishedAsset();
        return { method: 'POST', url: `/api/assets/${asset.id}/annotations`, payload: { body: 'Hall free on Tuesdays', visibility: 'public' } };
      },
      expect: signedInOk(201),
    },
    {
      label: 'a workers-only note',
      ownership: 'other',
      request: async (ctx) => {
        const asset = await ctx.publishedAsset();
        return { method: 'POST', url: `/api/assets/${asset.id}/annotations`, payload: { body: 'Key holder: ask the vicar', visibility: 'workers' } };
      },
      expect: { anonymous: 401, resident: 403, worker: 201, admin: 201 },
    },
  ],
  'POST /api/areas/:code/annotations': [
    {
      label: 'a public note on an LSOA',
      ownership: 'other',
      request: async (ctx) => ({ method: 'POST', url: `/api/areas/${ctx.lsoa}/annotations`, payload: { body: 'Youth club closed in March' } }),
      expect: signedInOk(201),
    },
  ],
  'PATCH /api/annotations/:id': [
    {
      label: 'their own note',
      ownership: 'own',
      request: async (ctx, actor) => {
        const note = await ctx.annotation(actor!);
        return { method: 'PATCH', url: `/api/annotations/${note.id}`, payload: { body: 'Edited', baseVersion: note.version } };
      },
      expect: { resident: 200, worker: 200, admin: 200 },
    },
    {
      label: "someone else's note",
      ownership: 'other',
      request: async (ctx) => {
        const note = await ctx.annotation(await signedIn(ctx.app, 'resident', 'author'));
        return { method: 'PATCH', url: `/api/annotations/${note.id}`, payload: { body: 'Edited', baseVersion: note.version } };
      },
      // Nobody rewrites another person's words; workers hide instead.
      expect: { anonymous: 401, resident: 403, worker: 403, admin: 403 },
    },
  ],
  'DELETE /api/annotations/:id': [
    {
      label: 'their own note',
      ownership: 'own',
      request: async (ctx, actor) => ({ method: 'DELETE', url: `/api/annotations/${(await ctx.annotation(actor!)).id}` }),
      expect: { resident: 204, worker: 204, admin: 204 },
    },
    {
      label: "someone else's note",
      ownership: 'other',
      request: async (ctx) => {
        const note = await ctx.annotation(await signedIn(ctx.app, 'resident', 'author'));
        return { method: 'DELETE', url: `/api/annotations/${note.id}` };
      },
      expect: { anonymous: 401, resident: 403, worker: 403, admin: 403 },
    },
  ],
  'PUT /api/annotations/:id/hidden': [
    {
      label: "someone else's note",
      ownership: 'other',
      request: async (ctx) => {
        const note = await ctx.annotation(await signedIn(ctx.app, 'resident', 'author'));
        return { method: 'PUT', url: `/api/annotations/${note.id}/hidden`, payload: { hidden: true, reason: 'abusive' } };
      },
      expect: only('worker', 200),
    },
  ],
  'PUT /api/admin/users/:id/role': [
    {
      label: 'another person',
      ownership: 'other',
      request: async (ctx) => {
        const someone = await signedIn(ctx.app, 'resident', 'promoted');
        return { method: 'PUT', url: `/api/admin/users/${someone.user.id}/role`, payload: { role: 'worker' } };
      },
      expect: only('admin', 200),
    },
  ],
  'PUT /api/admin/users/:id/areas': [
    {
      label: 'a worker',
      ownership: 'other',
      request: async (ctx) => {
        const someone = await signedIn(ctx.app, 'worker', 'limited');
        return { method: 'PUT', url: `/api/admin/users/${someone.user.id}/areas`, payload: { areaCodes: [ctx.lsoa] } };
      },
      expect: only('admin', 200),
    },
  ],
  'POST /api/categories': [
    {
      label: 'a new category',
      ownership: 'none',
      request: async (ctx) => ({
        method: 'POST',
        url: '/api/categories',
        payload: { code: `matrix-${process.pid}-${Date.now()}`, parentCode: ctx.categoryCode, name: 'Matrix', abcdType: 'association', colour: '#336699' },
      }),
      expect: only('admin', 201),
    },
  ],
  'PUT /api/coverage/:category/:lad': [
    {
      label: "a category's coverage in a local authority",
      ownership: 'none',
      request: async (ctx) => {
        // A category of its own with no assets, so the override changes no other test's answers.
        const code = `matrix-${process.pid}-${Date.now()}-c`;
        await ctx.app.pg.query(`INSERT INTO categories (code, name, abcd_type, colour) VALUES ($1, 'Matrix coverage', 'association', '#336699')`, [code]);
        const { rows } = await ctx.app.pg.query<{ lad: string }>('SELECT lad_code AS lad FROM areas WHERE code = $1', [ctx.lsoa]);
        return { method: 'PUT', url: `/api/coverage/${code}/${rows[0]!.lad}`, payload: { completeness: 'complete', reason: 'Checked by the matrix' } };
      },
      expect: only('worker', 200),
    },
  ],
  'PATCH /api/categories/:code': [
    {
      label: 'a category',
      ownership: 'none',
      request: async (ctx) => {
        const code = `matrix-${process.pid}-${Date.now()}-p`;
        await ctx.app.pg.query(`INSERT INTO categories (code, parent_code, name, abcd_type, colour) VALUES ($1, $2, 'Matrix', 'association', '#336699')`, [
          code,
          ctx.categoryCode,
        ]);
        return { method: 'PATCH', url: `/api/categories/${code}`, payload: { name: 'Matrix renamed' } };
      },
      expect: only('admin', 200),
    },
  ],
  'POST /api/need-measures': [
    {
      label: 'a new need measure',
      ownership: 'none',
      request: async (ctx) => ({ method: 'POST', url: '/api/need-measures', payload: await needUpload(ctx) }),
      expect: only('worker', 201),
    },
  ],
  'POST /api/imports': [
    {
      label: 'a file checked in a dry run',
      ownership: 'none',
      request: async () => ({ method: 'POST', url: '/api/imports', payload: importCheck() }),
      expect: only('worker', 200),
    },
  ],
  'POST /api/imports/:id/undo': [
    {
      // Who may undo reaches the import only after the role check: an unknown one is a 404 to workers.
      label: 'an import that does not exist',
      ownership: 'none',
      request: async () => ({ method: 'POST', url: `/api/imports/${randomUUID()}/undo` }),
      expect: { anonymous: 401, resident: 403, worker: 404, admin: 404 },
    },
  ],
  'DELETE /api/need-measures/:slug': [
    {
      label: 'a measure they loaded',
      ownership: 'own',
      request: async (ctx, actor) => ({ method: 'DELETE', url: `/api/need-measures/${await ctx.needMeasure(actor!)}` }),
      // Residents cannot load one, so cannot own one.
      expect: { worker: 204, admin: 204 },
    },
    {
      label: "another worker's measure",
      ownership: 'other',
      request: async (ctx) => ({ method: 'DELETE', url: `/api/need-measures/${await ctx.needMeasure()}` }),
      expect: { anonymous: 401, resident: 403, worker: 403, admin: 204 },
    },
  ],
  'POST /api/custom-areas': [
    {
      label: 'a new custom area',
      ownership: 'none',
      request: async (ctx) => ({ method: 'POST', url: '/api/custom-areas', payload: { name: 'Matrix area', lsoaCodes: [ctx.lsoa] } }),
      expect: signedInOk(201),
    },
  ],
  'PATCH /api/custom-areas/:id': [
    {
      label: 'their own area',
      ownership: 'own',
      request: async (ctx, actor) => ({
        method: 'PATCH',
        url: `/api/custom-areas/${await ctx.customArea(actor!)}`,
        payload: { baseVersion: 1, name: 'Renamed' },
      }),
      expect: ownersOnly(200),
    },
    {
      label: "someone else's area",
      ownership: 'other',
      request: async (ctx) => ({ method: 'PATCH', url: `/api/custom-areas/${await ctx.customArea()}`, payload: { baseVersion: 1, name: 'Renamed' } }),
      expect: othersNotFound,
    },
  ],
  'DELETE /api/custom-areas/:id': [
    {
      label: 'their own area',
      ownership: 'own',
      request: async (ctx, actor) => ({ method: 'DELETE', url: `/api/custom-areas/${await ctx.customArea(actor!)}` }),
      expect: ownersOnly(204),
    },
    {
      label: "someone else's area",
      ownership: 'other',
      request: async (ctx) => ({ method: 'DELETE', url: `/api/custom-areas/${await ctx.customArea()}` }),
      expect: othersNotFound,
    },
  ],
  'PUT /api/custom-areas/:id/share': [
    {
      label: 'their own area',
      ownership: 'own',
      request: async (ctx, actor) => ({ method: 'PUT', url: `/api/custom-areas/${await ctx.customArea(actor!)}/share` }),
      // Residents save private areas; sharing by link is for workers.
      expect: { resident: 403, worker: 200, admin: 200 },
    },
    {
      label: "someone else's area",
      ownership: 'other',
      request: async (ctx) => ({ method: 'PUT', url: `/api/custom-areas/${await ctx.customArea()}/share` }),
      expect: { anonymous: 401, resident: 403, worker: 404, admin: 404 },
    },
  ],
  'DELETE /api/custom-areas/:id/share': [
    {
      label: 'their own area',
      ownership: 'own',
      request: async (ctx, actor) => ({ method: 'DELETE', url: `/api/custom-areas/${await ctx.customArea(actor!)}/share` }),
      expect: ownersOnly(204),
    },
    {
      label: "someone else's area",
      ownership: 'other',
      request: async (ctx) => ({ method: 'DELETE', url: `/api/custom-areas/${await ctx.customArea()}/share` }),
      expect: othersNotFound,
    },
  ],
  'DELETE /api/account': [
    {
      label: 'their own account',
      ownership: 'own',
      request: async () => ({ method: 'DELETE', url: '/api/account', payload: { password: TEST_PASSWORD } }),
      expect: { anonymous: 401, resident: 204, worker: 204, admin: 204 },
    },
  ],
};

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes allowed a body over 64 KiB: a need measure for every LSOA in England is ~0.7 MB of CSV. */
const LARGER_BODIES: Record<string, number> = { 'POST /api/need-measures': NEED_MEASURE_BODY_LIMIT, 'POST /api/imports': IMPORT_BODY_LIMIT };

describe.each(inject('databases'))('the permission matrix on the $kind database', (database) => {
  const app = useApp(database);
  let ctx: Ctx;

  beforeAll(async () => {
    const db = app().pg;
    const categoryCode = (await db.query<{ code: string }>(`SELECT code FROM categories WHERE parent_code IS NOT NULL ORDER BY code LIMIT 1`)).rows[0]!.code;
    const place = (
      await db.query<{ postcode: string; lsoa: string }>(
        `SELECT postcode, lsoa_code AS lsoa FROM postcodes WHERE lsoa_code IN (SELECT code FROM areas) ORDER BY postcode LIMIT 1`,
      )
    ).rows[0]!;
    const send: Ctx['send'] = async (person, request) =>
      app().inject({ ...request, remoteAddress: nextTestAddress(), headers: { ...request.headers, ...person?.headers } });
    const must = async (person: TestPerson, request: InjectOptions, status: number) => {
      const res = await send(person, request);
      if (res.statusCode !== status) throw new Error(`fixture ${JSON.stringify({ method: request.method, url: request.url })}: ${res.statusCode} ${res.body}`);
      return res.json() as Record<string, unknown>;
    };
    ctx = {
      app: app(),
      send,
      lsoa: place.lsoa,
      categoryCode,
      postcode: place.postcode,
      publishedAsset: async () => {
        const worker = await signedIn(app(), 'worker', 'fixture-worker');
        const created = await must(worker, { method: 'POST', url: '/api/assets', payload: assetInput(ctx, 'Matrix hall') }, 201);
        const id = (created.asset as { id: string }).id;
        // A second version, so there is something to revert to.
        const edited = await must(
          worker,
          { method: 'PUT', url: `/api/assets/${id}`, payload: { asset: assetInput(ctx, 'Matrix hall (renamed)'), baseVersion: 1 } },
          200,
        );
        return { id, version: (edited.asset as { version: number }).version };
      },
      pendingAsset: async (owner) => {
        const resident = owner ?? (await signedIn(app(), 'resident', 'fixture-resident'));
        const created = await must(resident, { method: 'POST', url: '/api/assets', payload: assetInput(ctx, 'Matrix proposal') }, 201);
        return { id: (created.asset as { id: string }).id, submissionId: (created.submission as { id: string }).id };
      },
      annotation: async (author) => {
        const note = await must(author, { method: 'POST', url: `/api/areas/${place.lsoa}/annotations`, payload: { body: 'A note' } }, 201);
        return { id: note.id as string, version: note.version as number };
      },
      needMeasure: async (owner) => {
        const loader = owner ?? (await signedIn(app(), 'worker', 'fixture-measurer'));
        const created = await must(loader, { method: 'POST', url: '/api/need-measures', payload: await needUpload(ctx) }, 201);
        return (created.measure as { slug: string }).slug;
      },
      customArea: async (owner) => {
        const person = owner ?? (await signedIn(app(), 'resident', 'fixture-area-owner'));
        const area = await must(person, { method: 'POST', url: '/api/custom-areas', payload: { name: 'Matrix area', lsoaCodes: [place.lsoa] } }, 201);
        return area.id as string;
      },
      report: async () => {
        const asset = await ctx.publishedAsset();
        const res = await send(null, { method: 'POST', url: `/api/assets/${asset.id}/reports`, payload: { kind: 'wrong_details' } });
        return (res.json() as { id: string }).id;
      },
    };
  });

  it('has a row for every state-changing route in the registry, and no row for a route that is gone', () => {
    const writes = app()
      .routeTable.filter((r) => WRITE_METHODS.has(r.method))
      .map((r) => `${r.method} ${r.url}`);
    expect(
      writes.filter((route) => !(route in MATRIX)),
      'routes missing from MATRIX',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((route) => !writes.includes(route)),
      'MATRIX rows for routes that do not exist',
    ).toEqual([]);
  });

  it('gives every role the status its rules say, owning the object or not', async () => {
    const wrong: string[] = [];
    for (const [route, cases] of Object.entries(MATRIX)) {
      for (const cell of cases) {
        for (const who of EVERYONE) {
          const expected = cell.expect[who];
          if (expected === undefined) continue; // e.g. nobody cannot own anything
          if (cell.ownership === 'own' && who === 'anonymous') continue;
          const actor = who === 'anonymous' ? null : await signedIn(app(), who, `matrix-${who}`);
          const request = await cell.request(ctx, actor);
          const res = await ctx.send(actor, request);
          if (res.statusCode !== expected) wrong.push(`${route} (${cell.label}) as ${who}: ${res.statusCode}, expected ${expected}: ${res.body.slice(0, 160)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets only the routes that take files raise the limit, each to its stated size', () => {
    const raised = app()
      .routeTable.filter((r) => r.bodyLimit !== undefined && r.bodyLimit > WRITE_BODY_LIMIT)
      .map((r) => [`${r.method} ${r.url}`, r.bodyLimit]);
    expect(Object.fromEntries(raised)).toEqual(LARGER_BODIES);
  });
});

describe.each(inject('databases'))('body limits on the $kind database', (database) => {
  const app = useApp(database);

  it("refuses a body over 64 KiB (or the route's own limit) on every state-changing route, before anything else", async () => {
    const wrong: string[] = [];
    for (const route of app().routeTable.filter((r) => WRITE_METHODS.has(r.method))) {
      // A route that takes files (need measure CSVs) sets its own larger limit: one byte over it.
      const huge = { text: 'x'.repeat((route.bodyLimit ?? WRITE_BODY_LIMIT) + 1) };
      const url = route.url.replace(':id', '00000000-0000-4000-8000-000000000000').replace(':code', 'E01000001').replace(':slug', 'no-such-measure');
      const res = await app().inject({ method: route.method as 'POST', url, payload: huge, remoteAddress: nextTestAddress() });
      if (res.statusCode !== 413) wrong.push(`${route.method} ${route.url}: ${res.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lets only the routes that take files raise the limit, each to its stated size', () => {
    const raised = app()
      .routeTable.filter((r) => r.bodyLimit !== undefined && r.bodyLimit > WRITE_BODY_LIMIT)
      .map((r) => [`${r.method} ${r.url}`, r.bodyLimit]);
    expect(Object.fromEntries(raised)).toEqual(LARGER_BODIES);
  });
});
