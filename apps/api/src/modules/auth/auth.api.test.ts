import { ErrorBody, Me } from '@common-ground/schema';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';
import { issueResetToken } from './auth.service.js';
import { sha256Hex } from './tokens.js';

const PASSWORD = 'a long enough passphrase';
let counter = 0;
/** The test database is shared by every file and run: each test makes its own people. */
/** Sign-in, registration and resets are rate-limited per address: each request its own. */
const nextAddress = () => `10.${(process.pid >> 8) & 255}.${process.pid & 255}.${counter++ % 250}`;
const uniqueEmail = (label: string) => `${label}-${process.pid}-${Date.now()}-${counter++}@example.org`;

function sessionCookie(res: LightMyRequestResponse) {
  return res.cookies.find((c) => c.name === 'cg_session');
}

interface Person {
  email: string;
  cookie: string;
  csrfToken: string;
  me: Me;
}

async function registerPerson(app: FastifyInstance, label: string, headers: Record<string, string> = {}): Promise<Person> {
  const email = uniqueEmail(label);
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/register',
    remoteAddress: nextAddress(),
    headers,
    payload: { email, password: PASSWORD, displayName: `Person ${label}` },
  });
  expect(res.statusCode, res.body).toBe(201);
  const me = Me.parse(res.json());
  const cookie = sessionCookie(res);
  expect(cookie).toBeDefined();
  return { email, cookie: cookie!.value, csrfToken: me.csrfToken, me };
}

const withCookie = (person: Person, csrf = true) => ({
  cookie: `cg_session=${person.cookie}`,
  ...(csrf ? { 'x-csrf-token': person.csrfToken } : {}),
});

async function auditActions(app: FastifyInstance, subjectId: string): Promise<string[]> {
  const { rows } = await app.pg.query<{ action: string }>('SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY id', [subjectId]);
  return rows.map((r) => r.action);
}

describe.each(inject('databases'))('accounts on the $kind database', (database) => {
  describe('over plain HTTP', () => {
    const app = useApp(database);
    const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
      app().inject({ method: 'POST', url: '/api/auth/sign-in', remoteAddress: nextAddress(), headers, payload: { email, password } });
    const me = (person: Person) => app().inject({ method: 'GET', url: '/api/auth/me', headers: withCookie(person, false) });

    it('registers a resident, who is then signed in until they sign out', async () => {
      const person = await registerPerson(app(), 'cycle');
      expect(person.me.user).toMatchObject({ email: person.email, displayName: 'Person cycle', role: 'resident' });

      const signedIn = await me(person);
      expect(signedIn.statusCode).toBe(200);
      expect(Me.parse(signedIn.json())).toEqual(person.me);

      const out = await app().inject({ method: 'POST', url: '/api/auth/sign-out', headers: withCookie(person) });
      expect(out.statusCode, out.body).toBe(204);
      expect(sessionCookie(out)?.value).toBe('');

      const after = await me(person);
      expect(after.statusCode).toBe(401);
      expect(ErrorBody.parse(after.json()).code).toBe('signed_out');
      expect(await auditActions(app(), person.me.user.id)).toEqual(['register', 'sign_out']);
    });

    it('documents the account routes in OpenAPI', async () => {
      const doc = (await app().inject('/docs/json')).json<{ paths: Record<string, unknown> }>();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/auth/register', '/api/auth/sign-in', '/api/auth/sign-out', '/api/auth/me', '/api/auth/reset-password']),
      );
    });

    it('answers GET /api/auth/me with 401 when there is no cookie', async () => {
      const res = await app().inject('/api/auth/me');
      expect(res.statusCode).toBe(401);
    });

    it('signs in with the right password, in any case of the address, and audits it', async () => {
      const person = await registerPerson(app(), 'signin');
      const res = await signIn(person.email.toUpperCase(), PASSWORD);
      expect(res.statusCode, res.body).toBe(200);
      expect(Me.parse(res.json()).user.id).toBe(person.me.user.id);
      expect(sessionCookie(res)?.value).not.toBe(person.cookie);
      expect(await auditActions(app(), person.me.user.id)).toEqual(['register', 'sign_in']);
    });

    it('refuses a wrong password with 401, the same answer as an unknown address, and audits the failure', async () => {
      const person = await registerPerson(app(), 'wrongpw');
      const wrong = await signIn(person.email, 'not the password at all');
      const unknown = await signIn(uniqueEmail('nobody'), 'not the password at all');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(ErrorBody.parse(wrong.json())).toMatchObject({ code: 'invalid_credentials', message: 'The email address or password is wrong.' });
      expect(sessionCookie(wrong)).toBeUndefined();

      const { rows } = await app().pg.query<{ actorId: string | null; ip: string; details: { reason: string } }>(
        `SELECT actor_id AS "actorId", ip, details FROM audit_log WHERE subject_id = $1 AND action = 'sign_in_failed'`,
        [person.me.user.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorId: null, details: { reason: 'wrong_password' } });
      expect(rows[0]!.ip).toBeTruthy();
    });

    it('refuses a second account for the same address in another case with 409', async () => {
      const person = await registerPerson(app(), 'dup');
      const res = await app().inject({
        method: 'POST',
        url: '/api/auth/register',
        remoteAddress: nextAddress(),
        payload: { email: person.email.toUpperCase(), password: PASSWORD, displayName: 'Copy' },
      });
      expect(res.statusCode).toBe(409);
      expect(ErrorBody.parse(res.json())).toMatchObject({ code: 'email_taken', issues: [{ path: 'body.email' }] });
    });

    it('refuses a password shorter than 12 characters with 400 naming the field', async () => {
      const res = await app().inject({
        method: 'POST',
        url: '/api/auth/register',
        remoteAddress: nextAddress(),
        payload: { email: uniqueEmail('weak'), password: 'short', displayName: 'Weak' },
      });
      expect(res.statusCode).toBe(400);
      const body = ErrorBody.parse(res.json());
      expect(body.issues?.map((i) => i.path)).toEqual(['body.password']);
      expect(body.message).toContain('at least 12 characters');
    });

    it('refuses a signed-in POST without the CSRF token, or with a wrong one, with 403', async () => {
      const person = await registerPerson(app(), 'csrf');
      for (const headers of [withCookie(person, false), { ...withCookie(person, false), 'x-csrf-token': 'guess' }]) {
        const res = await app().inject({ method: 'POST', url: '/api/auth/sign-out', headers });
        expect(res.statusCode).toBe(403);
        expect(ErrorBody.parse(res.json()).code).toBe('csrf_failed');
        expect(res.json<ErrorBody>().message).toContain('x-csrf-token');
      }
      // Refused before the route ran: still signed in.
      expect((await me(person)).statusCode).toBe(200);
    });

    it('refuses a sign-in posted from another site (Origin or Referer) with 403, and accepts its own origin', async () => {
      const person = await registerPerson(app(), 'origin');
      const crossSite: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { referer: 'https://evil.example/page' }];
      for (const headers of crossSite) {
        const res = await signIn(person.email, PASSWORD, headers);
        expect(res.statusCode, JSON.stringify(headers)).toBe(403);
        expect(ErrorBody.parse(res.json()).code).toBe('csrf_failed');
      }
      const own = await signIn(person.email, PASSWORD, { host: 'commonground.test', origin: 'http://commonground.test' });
      expect(own.statusCode, own.body).toBe(200);
    });

    it('sets the session cookie HttpOnly, SameSite=Lax, Path=/, for 14 days, and not Secure over plain HTTP', async () => {
      const res = await app().inject({
        method: 'POST',
        url: '/api/auth/register',
        remoteAddress: nextAddress(),
        payload: { email: uniqueEmail('cookie'), password: PASSWORD, displayName: 'Cookie' },
      });
      expect(sessionCookie(res)).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 14 * 24 * 3600 });
      expect(sessionCookie(res)?.secure).toBeFalsy();
    });

    it('stores only the SHA-256 of the session token', async () => {
      const person = await registerPerson(app(), 'hash');
      const { rows } = await app().pg.query<{ tokenHash: string }>('SELECT token_hash AS "tokenHash" FROM sessions WHERE user_id = $1', [person.me.user.id]);
      expect(rows).toEqual([{ tokenHash: sha256Hex(person.cookie) }]);
      const raw = await app().pg.query('SELECT 1 FROM sessions WHERE token_hash = $1 OR csrf_token = $1', [person.cookie]);
      expect(raw.rows).toHaveLength(0);
    });

    it('resets a password with a one-time token, once, ending every session', async () => {
      const person = await registerPerson(app(), 'reset');
      const issued = await issueResetToken(app().database, person.email);
      expect(issued?.user.id).toBe(person.me.user.id);
      const newPassword = 'an entirely new passphrase';
      const reset = () =>
        app().inject({
          method: 'POST',
          url: '/api/auth/reset-password',
          remoteAddress: nextAddress(),
          payload: { token: issued!.token, password: newPassword },
        });

      const first = await reset();
      expect(first.statusCode, first.body).toBe(204);
      expect((await me(person)).statusCode).toBe(401);
      expect((await signIn(person.email, PASSWORD)).statusCode).toBe(401);
      expect((await signIn(person.email, newPassword)).statusCode).toBe(200);

      const again = await reset();
      expect(again.statusCode).toBe(400);
      expect(ErrorBody.parse(again.json()).issues?.map((i) => i.path)).toEqual(['body.token']);
      expect(await auditActions(app(), person.me.user.id)).toContain('password_reset');
    });
  });

  describe('behind HTTPS', () => {
    const app = useApp(database, { trustProxy: 1 });

    it('marks the session cookie Secure', async () => {
      const res = await app().inject({
        method: 'POST',
        url: '/api/auth/register',
        remoteAddress: nextAddress(),
        headers: { 'x-forwarded-proto': 'https', host: 'map.example.org', origin: 'https://map.example.org' },
        payload: { email: uniqueEmail('secure'), password: PASSWORD, displayName: 'Secure' },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(sessionCookie(res)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });
    });
  });
});
