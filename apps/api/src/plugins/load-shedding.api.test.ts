import { ErrorBody } from '@common-ground/schema';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../testing/api-app.js';
import { MAX_EVENT_LOOP_DELAY_MS } from './load-shedding.js';

describe.each(inject('databases'))('load shedding on the $kind database', (database) => {
  const app = useApp(database, { shedLoad: true });

  /** Asks `url` every 50 ms until it answers `status`. */
  async function answerWithin(ms: number, url: string, status: number) {
    const deadline = Date.now() + ms;
    for (;;) {
      const res = await app().inject({ method: 'GET', url });
      if (res.statusCode === status) return res;
      if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} within ${ms} ms: ${res.statusCode} ${res.body}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('turns requests away with 503 overloaded and Retry-After while the event loop is held again and again, health included', async () => {
    expect((await app().inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    // A runaway workload: the loop held past the threshold, over and over, with only a
    // moment between for other callbacks (requests) to run.
    let stalling = true;
    const stall = (async () => {
      while (stalling) {
        const until = Date.now() + MAX_EVENT_LOOP_DELAY_MS[database.kind] + 200;
        while (Date.now() < until) {
          // busy
        }
        await nextTurn();
      }
    })();
    try {
      const shed = await answerWithin(15_000, '/api/health', 503);
      expect(shed.headers['retry-after']).toBe('5');
      expect(ErrorBody.parse(shed.json())).toMatchObject({ code: 'overloaded' });
      const other = await app().inject({ method: 'GET', url: '/api/categories' });
      expect(other.statusCode).toBe(503);
      expect(ErrorBody.parse(other.json())).toMatchObject({ code: 'overloaded' });
    } finally {
      stalling = false;
      await stall;
    }
    // Once the loop runs freely again, requests are answered.
    await answerWithin(3_000, '/api/health', 200);
  });
});
