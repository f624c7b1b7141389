import { ErrorBody } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../testing/api-app.js';
import { countRequest } from '../http/rate-limit.repository.js';
import { RATE_LIMITS } from '../http/route-limits.js';

describe.each(inject('databases'))('rate limits on the $kind database', (database) => {
  const app = useApp(database);
  const key = (label: string) => `test|${label}|${process.pid}|${Date.now()}`;

  it('counts requests in PostgreSQL, and a window that has ended starts again', async () => {
    const k = key('count');
    expect((await countRequest(app().pg, k, 60_000)).current).toBe(1);
    const second = await countRequest(app().pg, k, 60_000);
    expect(second.current).toBe(2);
    expect(second.ttl).toBeGreaterThan(50_000);
    expect(second.ttl).toBeLessThanOrEqual(60_000);
    const short = key('short');
    await countRequest(app().pg, short, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await countRequest(app().pg, short, 1)).current).toBe(1);
  });

  it('refuses the eleventh sign-in from one address in 15 minutes with a 429, whatever instance counted', async () => {
    const remoteAddress = `192.0.2.${process.pid % 250}`;
    const attempt = () =>
      app().inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress,
        payload: { email: `nobody-${process.pid}@example.org`, password: 'not the password at all' },
      });
    for (let i = 0; i < RATE_LIMITS.signIn.max - 1; i++) expect((await attempt()).statusCode).toBe(401);
    // Another API instance counts in the same table: its count is this one's.
    const { rows } = await app().pg.query<{ key: string; hits: number }>(`SELECT key, hits FROM rate_limits WHERE key LIKE $1`, [
      `POST /api/auth/sign-in|${remoteAddress}`,
    ]);
    expect(rows).toEqual([{ key: `POST /api/auth/sign-in|${remoteAddress}`, hits: RATE_LIMITS.signIn.max - 1 }]);
    await countRequest(app().pg, rows[0]!.key, RATE_LIMITS.signIn.timeWindow);
    const refused = await attempt();
    expect(refused.statusCode).toBe(429);
    expect(ErrorBody.parse(refused.json())).toMatchObject({ code: 'rate_limited' });
    expect(refused.json<{ message: string }>().message).toMatch(/try again in/);
    expect(refused.headers['retry-after']).toBeDefined();
    // Another address is not affected.
    const other = await app().inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      remoteAddress: '198.51.100.7',
      payload: { email: `nobody-${process.pid}@example.org`, password: 'not the password at all' },
    });
    expect(other.statusCode).toBe(401);
    await app().pg.query(`DELETE FROM rate_limits WHERE key LIKE '%|192.0.2.%' OR key LIKE '%|198.51.100.7'`);
  });
});

describe.each(inject('databases'))('rate limits behind one proxy on the $kind database', (database) => {
  // TRUST_PROXY=1: only the address our own proxy appended is believed.
  const app = useApp(database, { trustProxy: 1 });

  it('counts the address the proxy saw, however a client forges X-Forwarded-For', async () => {
    const client = `203.0.113.${process.pid % 250}`;
    const attempt = (i: number) =>
      app().inject({
        method: 'POST',
        url: '/api/auth/sign-in',
        remoteAddress: '10.0.0.2', // the proxy
        // The client writes whatever it likes on the left; the proxy appends what it saw.
        headers: { 'x-forwarded-for': `198.18.${i}.1, ${client}` },
        payload: { email: `forger-${process.pid}@example.org`, password: 'not the password at all' },
      });
    for (let i = 0; i < RATE_LIMITS.signIn.max; i++) expect((await attempt(i)).statusCode).toBe(401);
    expect((await attempt(99)).statusCode).toBe(429);
    const { rows } = await app().pg.query<{ key: string }>(`SELECT key FROM rate_limits WHERE key LIKE '%forger%' OR key LIKE $1`, [`%|${client}`]);
    expect(rows.map((r) => r.key)).toEqual([`POST /api/auth/sign-in|${client}`]);
    await app().pg.query(`DELETE FROM rate_limits WHERE key LIKE $1`, [`%|${client}`]);
  });
});
