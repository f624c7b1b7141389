import { CategoryList, ClientConfig, Health, SourceList } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';

describe.each(inject('databases'))('service metadata on the $kind database', (database) => {
  const app = useApp(database);

  it('reports health with the database kind and what it holds', async () => {
    const res = await app().inject('/api/health');
    expect(res.statusCode).toBe(200);
    const body = Health.parse(res.json());
    expect(body).toMatchObject({ status: 'ok', database: database.kind, areas: 33755 });
    expect(body.assets).toBeGreaterThan(14000);
  });

  it('lists the category taxonomy with parents before use and every child under a parent', async () => {
    const { categories } = CategoryList.parse((await app().inject('/api/categories')).json());
    const codes = new Set(categories.map((c) => c.code));
    for (const required of [
      'community',
      'food',
      'health',
      'carers',
      'volunteering',
      'children-young-people',
      'older-people',
      'learning',
      'money-advice',
      'green-space',
      'sport',
      'arts-culture',
      'faith',
      'digital-inclusion',
    ]) {
      expect(codes).toContain(required);
    }
    for (const c of categories.filter((c) => c.parentCode)) expect(codes).toContain(c.parentCode);
  });

  it('lists each source with licence, date and coverage', async () => {
    const { sources } = SourceList.parse((await app().inject('/api/sources')).json());
    const gp = sources.find((s) => s.code === 'nhs-ods-gp-practices');
    expect(gp).toMatchObject({ licence: 'OGL-UK-3.0', sourceDate: '2025-09-01', records: 6216 });
    // A national register lists every practice: a complete source, so it can show an absence.
    expect(gp?.coverage).toMatchObject({ england: true, categories: ['gp-practice'], completeness: 'complete' });
    expect(sources.find((s) => s.code === 'libraries-register')?.coverage.completeness).toBe('complete');
    // The 2016 NHS Choices file is no longer loaded.
    expect(sources.find((s) => s.code === 'nhs-gp-practices')).toBeUndefined();
    const trafford = sources.find((s) => s.code === 'trafford-sports-clubs');
    expect(trafford?.coverage).toMatchObject({ england: false, localAuthorities: ['E08000009'] });
    const osm = sources.find((s) => s.code === 'osm-gloucestershire');
    expect(osm?.licence).toBe('ODbL-1.0');
    // What mappers added: partial, so its absences say little.
    expect(osm?.coverage.completeness).toBe('partial');
    expect(osm?.records).toBeGreaterThan(3000);
  });

  it('gives the client its settings, with the data attributions to show', async () => {
    const config = ClientConfig.parse((await app().inject('/api/config')).json());
    expect(config.basemapStyleUrl).toBeNull();
    expect(config.attributions.join(' ')).toContain('OpenStreetMap contributors');
    expect(config.attributions.join(' ')).toContain('Open Government Licence');
  });

  it('serves OpenAPI documentation generated from the route schemas', async () => {
    const res = await app().inject('/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/assets/{id}', '/api/areas/{code}', '/tiles/areas/{z}/{x}/{y}']));
  });

  it('sends security headers, with a content-security policy that lets MapLibre workers run', async () => {
    const res = await app().inject('/api/health');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await app().inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found' });
  });
});
