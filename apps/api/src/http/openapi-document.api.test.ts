import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../testing/api-app.js';
import { nextTestAddress, signedIn } from '../testing/people.js';
import type { OpenApiDocument } from './openapi-document.js';

/*
 * The OpenAPI document, checked by a linter nobody on the project wrote (Redocly's
 * recommended rules) and for what a client relies on. The fuzz test (security/) compares
 * every live answer's status and media type with it.
 */
describe.each(inject('databases'))('the OpenAPI document on the $kind database', (database) => {
  const app = useApp(database);
  const documentOf = async () => {
    const res = await app().inject('/docs/json');
    expect(res.statusCode).toBe(200);
    return res.json<OpenApiDocument>();
  };

  it("has no errors under Redocly's recommended rules", async () => {
    const doc = await documentOf();
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config });
    const errors = problems.filter((p) => p.severity === 'error').map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
    // Warnings allowed: only "no 4XX response" on reads that take no input and cannot fail but by a 503.
    const warnings = problems.filter((p) => p.severity !== 'error');
    expect(new Set(warnings.map((p) => p.ruleId))).toEqual(new Set(warnings.length ? ['operation-4xx-response'] : []));
  });

  it('documents security, licence, servers and a unique operationId for each operation', async () => {
    const doc = await documentOf();
    expect(doc.info.license).toMatchObject({ name: 'AGPL-3.0-or-later' });
    expect(doc.servers?.length).toBeGreaterThan(0);
    expect(doc.components?.securitySchemes).toMatchObject({
      session: { type: 'apiKey', in: 'cookie', name: 'cg_session' },
      csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
    });
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        expect(ids.has(op.operationId!), op.operationId).toBe(false);
        ids.add(op.operationId!);
        const needs = method === 'get' ? { session: [] } : { session: [], csrf: [] };
        expect(op.security, `${method} ${path}`).toEqual(op['x-access'] === 'anyone' ? [{}, needs] : [needs]);
        if (op.responses['304']) expect(op.responses['304'].content).toBeUndefined();
      }
    }
  });

  it('says who may call each operation (x-access), and the server agrees: 401 signed out, 403 below the role', async () => {
    const doc = await documentOf();
    expect(doc.paths['/api/coverage/{category}/{lad}']!.put!['x-access']).toBe('worker');
    expect(doc.paths['/api/gaps']!.get!['x-access']).toBe('anyone');
    const resident = await signedIn(app(), 'resident', 'access');
    const worker = await signedIn(app(), 'worker', 'access');
    const counts: Record<string, number> = {};
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const access = op['x-access'] as string;
        counts[access] = (counts[access] ?? 0) + 1;
        if (access === 'anyone') continue;
        expect(op.description, `${method} ${path}`).toMatch(/^Who: /);
        expect(Object.keys(op.responses), `${method} ${path}`).toContain('401');
        // Guards run before validation: any path values and no body get the same answers.
        const url = path.replace(/\{[^}]+\}/g, 'x');
        const as = async (headers: Record<string, string> | undefined) =>
          (await app().inject({ method: method.toUpperCase() as 'GET', url, headers, remoteAddress: nextTestAddress() })).statusCode;
        expect(await as(undefined), `anonymous ${method} ${path}`).toBe(401);
        if (access === 'worker' || access === 'admin') expect(await as(resident.headers), `resident ${method} ${path}`).toBe(403);
        if (access === 'admin') expect(await as(worker.headers), `worker ${method} ${path}`).toBe(403);
      }
    }
    // Every guarded route is in the document (the route table has 36 guards today).
    expect((counts.signed_in ?? 0) + (counts.worker ?? 0) + (counts.admin ?? 0)).toBe(app().routeTable.filter((r) => r.access !== 'anyone').length);
    expect(counts.worker).toBeGreaterThan(0);
    expect(counts.admin).toBeGreaterThan(0);
  });

  it('documents the media types answers come in', async () => {
    const doc = await documentOf();
    expect(Object.keys(doc.paths['/api/export/assets']!.get!.responses['200']!.content!)).toEqual(
      expect.arrayContaining(['application/json', 'text/csv', 'application/geo+json']),
    );
    expect(doc.paths['/tiles/areas/{z}/{x}/{y}']!.get!.responses['200']!.content).toEqual({
      'application/vnd.mapbox-vector-tile': { schema: { type: 'string', format: 'binary' } },
    });
    const tile = await app().inject('/tiles/areas/6/31/20.mvt');
    expect(tile.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    const csv = await app().inject('/api/export/assets?category=library&area=E08000019&format=csv');
    expect(String(csv.headers['content-type'])).toMatch(/^text\/csv/);
  });

  it('makes nullable fields nullable for generated clients (a type beside nullable)', async () => {
    const doc = await documentOf();
    const body = doc.paths['/api/assets']!.post!.requestBody as {
      content: { 'application/json': { schema: { properties: Record<string, Record<string, unknown>> } } };
    };
    for (const field of ['email', 'website']) {
      expect(body.content['application/json'].schema.properties[field]).toMatchObject({ type: 'string', nullable: true });
    }
  });
});
