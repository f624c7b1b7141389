import { AccountExport, Annotation, ErrorBody } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { appFor, useApp } from '../../testing/api-app.js';
import { asOnlyAdmin } from '../../testing/alone-as-admin.js';
import { makeAsset, somePublicAsset } from '../../testing/fixtures.js';
import { nextTestAddress, signedIn, TEST_PASSWORD, type TestPerson } from '../../testing/people.js';
import { randomToken, sha256Hex } from '../auth/tokens.js';
import { listHistory } from '../history/history.repository.js';
import { ERASED_NOTE_BODY } from './account.repository.js';
import { deleteAccount } from './account.service.js';
import { AUDIT_LOG_RETENTION_DAYS, purgeExpiredPersonalData } from './retention.js';

describe.each(inject('databases'))('personal data on the $kind database', (database) => {
  const app = useApp(database);

  const addNote = async (who: TestPerson, assetId: string, body: string) => {
    const res = await app().inject({ method: 'POST', url: `/api/assets/${assetId}/annotations`, headers: who.headers, payload: { body } });
    expect(res.statusCode, res.body).toBe(201);
    return Annotation.parse(res.json());
  };
  const deleteMe = (who: TestPerson | null, payload: object) =>
    app().inject({ method: 'DELETE', url: '/api/account', headers: who?.headers ?? {}, remoteAddress: nextTestAddress(), payload });

  /** A person with something of each kind kept about them. */
  async function personWithData() {
    const person = await signedIn(app(), 'resident', 'exporter');
    const asset = await somePublicAsset(app());
    const own = await makeAsset(app(), { createdBy: person.user.id });
    const note = await addNote(person, asset.id, `Lunch club on Fridays ${Date.now()}`);
    await app().pg.query(`INSERT INTO asset_submissions (asset_id, kind, proposed, base_version, submitted_by) VALUES ($1, 'create', $2::jsonb, 1, $3)`, [
      own.id,
      JSON.stringify({ name: own.name }),
      person.user.id,
    ]);
    await app().pg.query(`INSERT INTO asset_reports (asset_id, kind, message, reporter_id) VALUES ($1, 'closed', 'Shut in May', $2)`, [
      asset.id,
      person.user.id,
    ]);
    await app().pg.query(`INSERT INTO audit_log (action, actor_id, subject_id, ip, details) VALUES ('sign_in_failed', NULL, $1, '10.0.0.1', $2::jsonb)`, [
      person.user.id,
      JSON.stringify({ email: person.email, reason: 'wrong_password' }),
    ]);
    return { person, asset, own, note };
  }

  it('exports everything kept about the person, as a download, without password or token hashes', async () => {
    expect((await app().inject({ method: 'GET', url: '/api/account/export' })).statusCode).toBe(401);
    const { person, own, note } = await personWithData();
    const res = await app().inject({ method: 'GET', url: '/api/account/export', headers: person.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['content-disposition']).toBe('attachment; filename="common-ground-account.json"');
    const data = AccountExport.parse(res.json());
    expect(data.user).toMatchObject({ id: person.user.id, email: person.email, role: 'resident' });
    expect(data.sessions).toHaveLength(1);
    expect(data.annotations).toEqual([expect.objectContaining({ id: note.id, body: note.body, deletedAt: null })]);
    expect(data.submissions).toEqual([expect.objectContaining({ assetId: own.id, assetName: own.name, status: 'pending' })]);
    expect(data.reports).toEqual([expect.objectContaining({ kind: 'closed', message: 'Shut in May', status: 'open' })]);
    expect(data.changes).toEqual([expect.objectContaining({ entityType: 'annotation', entityId: note.id, action: 'create' })]);
    expect(data.auditLog).toEqual([expect.objectContaining({ action: 'sign_in_failed', ip: '10.0.0.1' })]);

    const cookieToken = person.headers.cookie!.replace('cg_session=', '');
    const { rows } = await app().pg.query<{ hash: string }>(`SELECT password_hash AS hash FROM users WHERE id = $1`, [person.user.id]);
    const secrets = [rows[0]!.hash, '$argon2', 'passwordHash', 'password_hash', 'tokenHash', 'csrf', cookieToken, sha256Hex(cookieToken)];
    for (const secret of [...secrets, person.headers['x-csrf-token']!]) {
      expect(res.body).not.toContain(secret);
    }
  });

  it('deletes the account on the right password: notes erased, contributions kept unattributed, audited', async () => {
    const { person, asset, own, note } = await personWithData();
    expect((await deleteMe(null, { password: TEST_PASSWORD })).statusCode).toBe(401);
    const missing = await deleteMe(person, {});
    expect(missing.statusCode).toBe(400);
    expect(ErrorBody.parse(missing.json()).issues?.[0]?.path).toBe('body.password');
    const wrong = await deleteMe(person, { password: 'not my password at all' });
    expect(wrong.statusCode).toBe(403);
    expect(ErrorBody.parse(wrong.json())).toMatchObject({ code: 'wrong_password' });

    const res = await deleteMe(person, { password: TEST_PASSWORD });
    expect(res.statusCode, res.body).toBe(204);
    expect(res.cookies.find((c) => c.name === 'cg_session')?.value).toBe('');

    // Gone: the session no longer works and the password no longer signs in.
    expect((await app().inject({ method: 'GET', url: '/api/auth/me', headers: person.headers })).statusCode).toBe(401);
    const signIn = await app().inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: nextTestAddress(),
      payload: { email: person.email, password: TEST_PASSWORD },
    });
    expect(signIn.statusCode).toBe(401);
    const { rows: users } = await app().pg.query(`SELECT 1 FROM users WHERE id = $1`, [person.user.id]);
    expect(users).toEqual([]);

    // What they gave the map stays, unattributed.
    const { rows: assets } = await app().pg.query<{ createdBy: string | null }>(`SELECT created_by AS "createdBy" FROM assets WHERE id = $1`, [own.id]);
    expect(assets).toEqual([{ createdBy: null }]);
    const { rows: reports } = await app().pg.query(
      `SELECT reporter_id FROM asset_reports WHERE asset_id = $1 AND message = 'Shut in May' AND reporter_id IS NULL`,
      [asset.id],
    );
    expect(reports.length).toBeGreaterThan(0);

    // Their words are not: the note is deleted and erased, and so is its history's text.
    const { rows: notes } = await app().pg.query<{ body: string; deleted: boolean; authorId: string | null }>(
      `SELECT body, deleted_at IS NOT NULL AS deleted, author_id AS "authorId" FROM annotations WHERE id = $1`,
      [note.id],
    );
    expect(notes).toEqual([{ body: ERASED_NOTE_BODY, deleted: true, authorId: null }]);
    const history = await listHistory(app().pg, 'annotation', note.id);
    expect(history.map((h) => [h.action, h.before, h.after, h.actor])).toEqual([
      ['create', null, null, null],
      ['delete', null, null, null],
    ]);
    const publicNotes = await app().inject({ method: 'GET', url: `/api/assets/${asset.id}/annotations` });
    expect(publicNotes.body).not.toContain(note.body);

    const { rows: audit } = await app().pg.query<{ action: string; actorId: string | null; details: Record<string, unknown> }>(
      `SELECT action, actor_id AS "actorId", details FROM audit_log WHERE subject_id = $1 ORDER BY id`,
      [person.user.id],
    );
    expect(audit).toEqual([
      { action: 'sign_in_failed', actorId: null, details: { reason: 'wrong_password' } },
      { action: 'account_deleted', actorId: null, details: {} },
    ]);
  });

  it('refuses to delete the only admin with a 409', async () => {
    const admin = await signedIn(app(), 'admin');
    await asOnlyAdmin(app(), admin.user.id, async (db) => {
      await expect(deleteAccount(db, admin.user, TEST_PASSWORD, '127.0.0.1')).rejects.toMatchObject({
        statusCode: 409,
        code: 'last_admin',
      });
    });
    // Where another admin exists, an admin may go.
    await signedIn(app(), 'admin', 'successor');
    expect((await deleteMe(admin, { password: TEST_PASSWORD })).statusCode).toBe(204);
  });

  it('deletes expired sessions, spent reset tokens and audit entries past their keeping time when the app starts', async () => {
    const person = await signedIn(app(), 'resident', 'retention');
    const [expired, spent, live] = [randomToken(), randomToken(), randomToken()].map(sha256Hex);
    await app().pg.query(`INSERT INTO sessions (token_hash, user_id, csrf_token, expires_at) VALUES ($1, $2, 'x', now() - interval '1 minute')`, [
      expired,
      person.user.id,
    ]);
    await app().pg.query(
      `INSERT INTO password_reset_tokens (token_hash, user_id, expires_at, used_at) VALUES ($1, $3, now() + interval '1 hour', now()),
              ($2, $3, now() + interval '1 hour', NULL)`,
      [spent, live, person.user.id],
    );
    await app().pg.query(
      `INSERT INTO audit_log (at, action, subject_id) VALUES (now() - make_interval(days => $2 + 1), 'sign_in', $1),
              (now() - make_interval(days => $2 - 1), 'sign_out', $1)`,
      [person.user.id, AUDIT_LOG_RETENTION_DAYS],
    );

    if (database.kind === 'server') {
      // A second app on the same database, as a restart would be, purges when it is ready.
      // (The embedded database takes one connection, which the running app holds.)
      const restarted = await appFor(database);
      try {
        await restarted.ready();
      } finally {
        await restarted.close();
      }
    } else {
      const purged = await purgeExpiredPersonalData(app().pg);
      expect(purged.auditEntries).toBeGreaterThanOrEqual(1);
    }
    const count = async (sql: string) => (await app().pg.query(sql, [person.user.id])).rows.length;
    expect(await count(`SELECT 1 FROM sessions WHERE user_id = $1`)).toBe(1);
    expect(await count(`SELECT token_hash FROM password_reset_tokens WHERE user_id = $1`)).toBe(1);
    expect((await app().pg.query(`SELECT action FROM audit_log WHERE subject_id = $1`, [person.user.id])).rows).toEqual([{ action: 'sign_out' }]);
  });
});
