import { AdminUser, AdminUserList, Annotation, ErrorBody } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { someLsoa } from '../../testing/fixtures.js';
import { asOnlyAdmin } from '../../testing/alone-as-admin.js';
import { signedIn, type TestPerson } from '../../testing/people.js';
import { setRole as setRoleAs } from './admin.service.js';

describe.each(inject('databases'))('people administration on the $kind database', (database) => {
  const app = useApp(database);

  const setRole = (who: TestPerson | null, id: string, role: string) =>
    app().inject({ method: 'PUT', url: `/api/admin/users/${id}/role`, headers: who?.headers ?? {}, payload: { role } });
  const setAreas = (who: TestPerson | null, id: string, areaCodes: string[]) =>
    app().inject({ method: 'PUT', url: `/api/admin/users/${id}/areas`, headers: who?.headers ?? {}, payload: { areaCodes } });
  const audit = async (subjectId: string) =>
    (
      await app().pg.query<{ action: string; actorId: string | null; details: Record<string, unknown> }>(
        `SELECT action, actor_id AS "actorId", details FROM audit_log WHERE subject_id = $1 ORDER BY id`,
        [subjectId],
      )
    ).rows;

  it('lists people for admins only, found by part of their email or name and by role, never cached', async () => {
    const admin = await signedIn(app(), 'admin');
    const worker = await signedIn(app(), 'worker', 'findme');
    const resident = await signedIn(app(), 'resident');
    const url = `/api/admin/users?q=${encodeURIComponent(worker.email.slice(0, -12))}`;
    expect((await app().inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await app().inject({ method: 'GET', url, headers: resident.headers })).statusCode).toBe(403);
    expect((await app().inject({ method: 'GET', url, headers: worker.headers })).statusCode).toBe(403);

    const res = await app().inject({ method: 'GET', url, headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(AdminUserList.parse(res.json()).users).toEqual([
      expect.objectContaining({ id: worker.user.id, email: worker.email, role: 'worker', areaLimits: [] }),
    ]);
    const byRole = await app().inject({ method: 'GET', url: `${url}&role=resident`, headers: admin.headers });
    expect(AdminUserList.parse(byRole.json()).users).toEqual([]);
    const wild = await app().inject({ method: 'GET', url: '/api/admin/users?q=%25_%25', headers: admin.headers });
    expect(AdminUserList.parse(wild.json()).users).toEqual([]);
    expect((await app().inject({ method: 'GET', url: '/api/admin/users?role=king', headers: admin.headers })).statusCode).toBe(400);
  });

  it('changes roles for admins only and audits each change', async () => {
    const admin = await signedIn(app(), 'admin');
    const person = await signedIn(app(), 'resident');
    expect((await setRole(null, person.user.id, 'worker')).statusCode).toBe(401);
    expect((await setRole(person, person.user.id, 'admin')).statusCode).toBe(403);
    expect((await setRole(admin, person.user.id, 'king')).statusCode).toBe(400);
    expect((await setRole(admin, '00000000-0000-4000-8000-000000000000', 'worker')).statusCode).toBe(404);

    const promoted = await setRole(admin, person.user.id, 'worker');
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(AdminUser.parse(promoted.json())).toMatchObject({ id: person.user.id, role: 'worker' });
    // The new role applies from their next request, in the session they already have.
    const me = await app().inject({ method: 'GET', url: '/api/auth/me', headers: person.headers });
    expect(me.json()).toMatchObject({ user: { role: 'worker' } });
    expect((await setRole(admin, person.user.id, 'worker')).statusCode).toBe(200);
    expect(await audit(person.user.id)).toEqual([{ action: 'role_change', actorId: admin.user.id, details: { from: 'resident', to: 'worker' } }]);
  });

  it('refuses to demote the only admin with a 409, and allows it once there is another', async () => {
    const admin = await signedIn(app(), 'admin');
    const other = await signedIn(app(), 'resident');
    await asOnlyAdmin(app(), admin.user.id, async (db) => {
      await expect(setRoleAs(db, admin.user, admin.user.id, 'resident', '127.0.0.1')).rejects.toMatchObject({
        statusCode: 409,
        code: 'last_admin',
      });
      await setRoleAs(db, admin.user, other.user.id, 'admin', '127.0.0.1');
      expect(await setRoleAs(db, admin.user, admin.user.id, 'worker', '127.0.0.1')).toMatchObject({ role: 'worker' });
    });
    // And over HTTP, where other admins exist, demoting oneself is allowed.
    const demoted = await setRole(admin, admin.user.id, 'worker');
    expect(demoted.statusCode, demoted.body).toBe(200);
    expect((await setRole(admin, other.user.id, 'worker')).statusCode).toBe(403);
  });

  it('limits a worker to named areas that exist, audited, and the limit decides which notes they may hide', async () => {
    const admin = await signedIn(app(), 'admin');
    const worker = await signedIn(app(), 'worker');
    const author = await signedIn(app(), 'resident');
    const inside = await someLsoa(app());
    const outside = await someLsoa(app(), inside);

    const unknown = await setAreas(admin, worker.user.id, [inside, 'E05999999']);
    expect(unknown.statusCode).toBe(400);
    expect(ErrorBody.parse(unknown.json())).toMatchObject({ issues: [{ path: 'body.areaCodes.1' }] });
    expect(ErrorBody.parse(unknown.json()).message).toContain('E05999999');
    expect((await setAreas(admin, worker.user.id, ['nowhere'])).statusCode).toBe(400);
    expect((await setAreas(worker, worker.user.id, [])).statusCode).toBe(403);

    const limited = await setAreas(admin, worker.user.id, [inside]);
    expect(limited.statusCode, limited.body).toBe(200);
    const limits = AdminUser.parse(limited.json()).areaLimits;
    expect(limits.map((l) => l.code)).toEqual([inside]);
    expect(limits[0]!.name).not.toBe(inside);
    expect(await audit(worker.user.id)).toEqual([{ action: 'area_limits_change', actorId: admin.user.id, details: { from: [], to: [inside] } }]);

    const note = async (code: string) =>
      Annotation.parse(
        (await app().inject({ method: 'POST', url: `/api/areas/${code}/annotations`, headers: author.headers, payload: { body: 'rude' } })).json(),
      ).id;
    const hide = (id: string) =>
      app().inject({ method: 'PUT', url: `/api/annotations/${id}/hidden`, headers: worker.headers, payload: { hidden: true, reason: 'rude' } });
    expect((await hide(await note(inside))).statusCode).toBe(200);
    const away = await hide(await note(outside));
    expect(away.statusCode).toBe(403);
    expect(ErrorBody.parse(away.json()).code).toBe('outside_your_areas');

    // No limits: anywhere again.
    expect(AdminUser.parse((await setAreas(admin, worker.user.id, [])).json()).areaLimits).toEqual([]);
    expect((await hide(await note(outside))).statusCode).toBe(200);
  });
});
