import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-client.js';
import { retryWhenBusy } from './retry-when-busy.js';

const busy = () => new ApiError(503, 'busy', 'The server is computing as many gap answers as it allows at once');

describe('retryWhenBusy', () => {
  it('tries again while the API is busy, then gives the answer', async () => {
    let calls = 0;
    const answer = await retryWhenBusy(
      async () => {
        calls += 1;
        if (calls < 3) throw busy();
        return 'ranked';
      },
      new AbortController().signal,
      4,
      1,
    );
    expect([answer, calls]).toEqual(['ranked', 3]);
  });

  it('tries again when the server sheds load, as when it is busy', async () => {
    let calls = 0;
    const answer = await retryWhenBusy(
      async () => {
        calls += 1;
        if (calls < 2) throw new ApiError(503, 'overloaded', 'The server is overloaded just now. Try again in 5 seconds.');
        return 'me';
      },
      new AbortController().signal,
      4,
      1,
    );
    expect([answer, calls]).toEqual(['me', 2]);
  });

  it('gives up after the last try, with the busy error', async () => {
    let calls = 0;
    const failing = retryWhenBusy(
      async () => {
        calls += 1;
        throw busy();
      },
      new AbortController().signal,
      2,
      1,
    );
    await expect(failing).rejects.toMatchObject({ code: 'busy' });
    expect(calls).toBe(2);
  });

  it('throws any other failure at once', async () => {
    let calls = 0;
    const failing = retryWhenBusy(
      async () => {
        calls += 1;
        throw new ApiError(400, 'invalid_request', 'querystring.area: no such area');
      },
      new AbortController().signal,
      4,
      1,
    );
    await expect(failing).rejects.toMatchObject({ status: 400 });
    expect(calls).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const waiting = retryWhenBusy(
      async () => {
        throw busy();
      },
      controller.signal,
      4,
      60_000,
    );
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
  });
});
