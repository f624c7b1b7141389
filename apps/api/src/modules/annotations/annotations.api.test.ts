import { Annotation, AnnotationConflictBody, AnnotationList, ErrorBody, History } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { makeAsset, someLsoa, somePublicAsset } from '../../testing/fixtures.js';
import { signedIn, type TestPerson } from '../../testing/people.js';
import { listHistory } from '../history/history.repository.js';

describe.each(inject('databases'))('annotations on the $kind database', (database) => {
  const app = useApp(database);

  const post = (url: string, who: TestPerson | null, payload: unknown) =>
    app().inject({ method: 'POST', url, headers: who?.headers ?? {}, payload: payload as object });
  const list = (url: string, who: TestPerson | null = null) => app().inject({ method: 'GET', url, headers: who?.headers ?? {} });
  const bodies = (res: { json(): unknown }) => AnnotationList.parse(res.json()).annotations.map((a) => a.body);
  const unique = (text: string) => `${text} ${process.pid}-${Date.now()}-${Math.random()}`;

  it('keeps public notes for everyone and workers-only notes for workers, on an asset and on an area', async () => {
    const resident = await signedIn(app(), 'resident');
    const worker = await signedIn(app(), 'worker');
    const asset = await somePublicAsset(app());
    const area = await someLsoa(app());

    for (const url of [`/api/assets/${asset.id}/annotations`, `/api/areas/${area}/annotations`]) {
      const open = unique('Church hall free on Tuesdays');
      const closed = unique('Key holder is on leave');
      const created = await post(url, resident, { body: open });
      expect(created.statusCode, created.body).toBe(201);
      const note = Annotation.parse(created.json());
      expect(note).toMatchObject({ body: open, visibility: 'public', version: 1, hidden: false, author: { id: resident.user.id } });
      expect(note.target).toEqual(url.includes('/assets/') ? { type: 'asset', assetId: asset.id } : { type: 'area', areaCode: area });

      const refused = await post(url, resident, { body: closed, visibility: 'workers' });
      expect(refused.statusCode, refused.body).toBe(403);
      expect(ErrorBody.parse(refused.json()).code).toBe('workers_only');
      expect((await post(url, worker, { body: closed, visibility: 'workers' })).statusCode).toBe(201);

      const anonymous = await list(url);
      expect(anonymous.statusCode).toBe(200);
      expect(anonymous.headers['cache-control']).toBe('public, max-age=60');
      expect(bodies(anonymous)).toContain(open);
      expect(bodies(anonymous)).not.toContain(closed);

      const asResident = await list(url, resident);
      expect(asResident.headers['cache-control']).toBe('private, no-store');
      expect(bodies(asResident)).toContain(open);
      expect(bodies(asResident)).not.toContain(closed);
      expect(bodies(await list(url, worker))).toEqual(expect.arrayContaining([open, closed]));

      expect((await post(url, null, { body: 'anonymous' })).statusCode).toBe(401);
    }
  });

  it('refuses notes on unknown or malformed targets, and bad bodies, with a 4xx naming the problem', async () => {
    const resident = await signedIn(app(), 'resident');
    const asset = await somePublicAsset(app());
    expect((await list('/api/areas/E01999999/annotations')).statusCode).toBe(404);
    expect((await list('/api/areas/nowhere/annotations')).statusCode).toBe(400);
    expect((await list('/api/assets/not-a-uuid/annotations')).statusCode).toBe(400);
    expect((await post('/api/areas/E01999999/annotations', resident, { body: 'x' })).statusCode).toBe(404);
    const empty = await post(`/api/assets/${asset.id}/annotations`, resident, { body: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(ErrorBody.parse(empty.json()).issues?.[0]?.path).toBe('body.body');
    const long = await post(`/api/assets/${asset.id}/annotations`, resident, { body: 'x'.repeat(2001) });
    expect(long.statusCode).toBe(400);
  });

  it('keeps notes on non-public assets away from the public and residents, and shows them to workers', async () => {
    const resident = await signedIn(app(), 'resident');
    const worker = await signedIn(app(), 'worker');
    for (const hidden of [await makeAsset(app(), { sensitive: true, reviewState: 'published' }), await makeAsset(app())]) {
      const text = unique('Refuge note');
      const created = await post(`/api/assets/${hidden.id}/annotations`, worker, { body: text });
      expect(created.statusCode, created.body).toBe(201);
      const id = Annotation.parse(created.json()).id;

      expect((await list(`/api/assets/${hidden.id}/annotations`)).statusCode).toBe(404);
      expect((await list(`/api/assets/${hidden.id}/annotations`, worker)).statusCode).toBe(404);
      expect((await post(`/api/assets/${hidden.id}/annotations`, resident, { body: 'x' })).statusCode).toBe(404);
      // A note a resident may not see is a 404 to them, not a 403.
      const edit = await app().inject({
        method: 'PATCH',
        url: `/api/annotations/${id}`,
        headers: resident.headers,
        payload: { body: 'mine now', baseVersion: 1 },
      });
      expect(edit.statusCode).toBe(404);

      const forWorkers = await list(`/api/worker/assets/${hidden.id}/annotations`, worker);
      expect(forWorkers.statusCode).toBe(200);
      expect(forWorkers.headers['cache-control']).toBe('private, no-store');
      expect(bodies(forWorkers)).toEqual([text]);
      expect((await list(`/api/worker/assets/${hidden.id}/annotations`, resident)).statusCode).toBe(403);
      expect((await list(`/api/worker/assets/${hidden.id}/annotations`)).statusCode).toBe(401);
    }
  });

  it('lets only the author edit and delete, with a 409 on a stale edit and history of each change', async () => {
    const author = await signedIn(app(), 'resident', 'author');
    const other = await signedIn(app(), 'resident', 'other');
    const worker = await signedIn(app(), 'worker');
    const asset = await somePublicAsset(app());
    const first = unique('Youth club closed in March');
    const note = Annotation.parse((await post(`/api/assets/${asset.id}/annotations`, author, { body: first })).json());
    const patch = (who: TestPerson, payload: object) => app().inject({ method: 'PATCH', url: `/api/annotations/${note.id}`, headers: who.headers, payload });

    expect((await patch(other, { body: 'not mine', baseVersion: 1 })).statusCode).toBe(403);
    const byWorker = await patch(worker, { body: 'rewritten', baseVersion: 1 });
    expect(byWorker.statusCode).toBe(403);
    expect(ErrorBody.parse(byWorker.json()).message).toMatch(/hide it instead/);

    const second = unique('Youth club reopened in May');
    const edited = await patch(author, { body: second, baseVersion: 1 });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(Annotation.parse(edited.json())).toMatchObject({ body: second, version: 2, visibility: 'public' });

    const stale = await patch(author, { body: 'from an old tab', baseVersion: 1 });
    expect(stale.statusCode).toBe(409);
    const conflict = AnnotationConflictBody.parse(stale.json());
    expect(conflict).toMatchObject({ code: 'version_conflict', current: { body: second, version: 2 } });

    const del = (who: TestPerson) => app().inject({ method: 'DELETE', url: `/api/annotations/${note.id}`, headers: who.headers });
    expect((await del(other)).statusCode).toBe(403);
    expect((await del(worker)).statusCode).toBe(403);
    expect((await del(author)).statusCode).toBe(204);
    expect((await del(author)).statusCode).toBe(404);
    expect(bodies(await list(`/api/assets/${asset.id}/annotations`, author))).not.toContain(second);
    expect(bodies(await list(`/api/assets/${asset.id}/annotations`, worker))).not.toContain(second);

    const history = History.parse({ entries: await listHistory(app().pg, 'annotation', note.id) }).entries;
    expect(history.map((h) => [h.action, h.version, h.actor?.id])).toEqual([
      ['create', 1, author.user.id],
      ['edit', 2, author.user.id],
      ['delete', 2, author.user.id],
    ]);
    expect(history[1]).toMatchObject({ before: { body: first }, after: { body: second }, changed: ['body'] });
    expect(history[2]).toMatchObject({ before: { body: second }, after: null });
  });

  it('keeps a workers-only note workers-only when an edit does not name its visibility', async () => {
    const worker = await signedIn(app(), 'worker');
    const area = await someLsoa(app());
    const note = Annotation.parse((await post(`/api/areas/${area}/annotations`, worker, { body: unique('Ask for Sam'), visibility: 'workers' })).json());
    const edited = await app().inject({
      method: 'PATCH',
      url: `/api/annotations/${note.id}`,
      headers: worker.headers,
      payload: { body: 'Ask for Alex', baseVersion: 1 },
    });
    expect(Annotation.parse(edited.json())).toMatchObject({ visibility: 'workers', version: 2 });
  });

  it('lets workers hide a note: gone for the public, shown to its author with the reason, and shown again', async () => {
    const author = await signedIn(app(), 'resident', 'author');
    const worker = await signedIn(app(), 'worker');
    const resident = await signedIn(app(), 'resident');
    const asset = await somePublicAsset(app());
    const url = `/api/assets/${asset.id}/annotations`;
    const text = unique('Abusive words');
    const note = Annotation.parse((await post(url, author, { body: text })).json());
    const hide = (who: TestPerson | null, payload: object) =>
      app().inject({ method: 'PUT', url: `/api/annotations/${note.id}/hidden`, headers: who?.headers ?? {}, payload });

    expect((await hide(null, { hidden: true, reason: 'abuse' })).statusCode).toBe(401);
    expect((await hide(resident, { hidden: true, reason: 'abuse' })).statusCode).toBe(403);
    // Anonymous or wrong role is refused before the body is even looked at.
    expect((await hide(resident, {})).statusCode).toBe(403);
    const noReason = await hide(worker, { hidden: true });
    expect(noReason.statusCode).toBe(400);
    expect(ErrorBody.parse(noReason.json()).issues?.[0]?.path).toBe('body.reason');

    const hidden = await hide(worker, { hidden: true, reason: 'Personal attack' });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(Annotation.parse(hidden.json())).toMatchObject({ hidden: true, hiddenReason: 'Personal attack' });

    expect(bodies(await list(url))).not.toContain(text);
    expect(bodies(await list(url, resident))).not.toContain(text);
    const forAuthor = AnnotationList.parse((await list(url, author)).json()).annotations.find((a) => a.id === note.id);
    expect(forAuthor).toMatchObject({ hidden: true, hiddenReason: 'Personal attack' });
    expect(AnnotationList.parse((await list(url, worker)).json()).annotations.find((a) => a.id === note.id)).toMatchObject({
      hidden: true,
    });
    // Hidden from other residents means a 404 for them too.
    const edit = await app().inject({
      method: 'PATCH',
      url: `/api/annotations/${note.id}`,
      headers: resident.headers,
      payload: { body: 'x', baseVersion: 1 },
    });
    expect(edit.statusCode).toBe(404);

    const shown = await hide(worker, { hidden: false });
    expect(Annotation.parse(shown.json())).toMatchObject({ hidden: false, hiddenReason: null });
    expect(bodies(await list(url))).toContain(text);

    const actions = (await listHistory(app().pg, 'annotation', note.id)).map((h) => [h.action, h.actor?.id, h.note]);
    expect(actions).toEqual([
      ['create', author.user.id, null],
      ['hide', worker.user.id, 'Personal attack'],
      ['unhide', worker.user.id, null],
    ]);
  });

  it('stores and returns markup exactly as typed, as a JSON string', async () => {
    const resident = await signedIn(app(), 'resident');
    const area = await someLsoa(app());
    const text = `<script>alert(1)</script> & <img src=x onerror=alert(2)> ${Date.now()}`;
    const created = await post(`/api/areas/${area}/annotations`, resident, { body: text });
    expect(created.headers['content-type']).toMatch(/^application\/json/);
    expect(Annotation.parse(created.json()).body).toBe(text);
    expect(created.body).toContain(JSON.stringify(text).slice(1, 20));
    expect(bodies(await list(`/api/areas/${area}/annotations`))).toContain(text);
  });

  it('documents the notes, people, categories and account routes in OpenAPI', async () => {
    const doc = (await app().inject('/docs/json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /api/assets/{id}/annotations',
        'POST /api/areas/{code}/annotations',
        'PUT /api/annotations/{id}/hidden',
        'GET /api/admin/users',
        'PUT /api/admin/users/{id}/areas',
        'POST /api/categories',
        'PATCH /api/categories/{code}',
        'GET /api/account/export',
        'DELETE /api/account',
      ]),
    );
  });

  it('lists every annotation route in the route registry', () => {
    const urls = app().routeTable.map((r) => `${r.method} ${r.url}`);
    expect(urls).toEqual(
      expect.arrayContaining([
        'GET /api/assets/:id/annotations',
        'GET /api/worker/assets/:id/annotations',
        'POST /api/assets/:id/annotations',
        'GET /api/areas/:code/annotations',
        'POST /api/areas/:code/annotations',
        'PATCH /api/annotations/:id',
        'DELETE /api/annotations/:id',
        'PUT /api/annotations/:id/hidden',
      ]),
    );
  });
});
