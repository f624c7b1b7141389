import { ApiError } from '../api/api-client.js';

/** The API's two "come back shortly" answers: `busy` (gap computations) and `overloaded` (load shedding). */
const TRY_AGAIN = new Set(['busy', 'overloaded']);

/**
 * Calls `load` again while the API answers 503 `busy` (it computes only a few new gap answers
 * at once and asks the rest to come back: Retry-After 5 s) or `overloaded` (it sheds load
 * when its event loop is held too long), up to `attempts` tries in all,
 * `waitMs` apart; stops waiting when `signal` aborts. Any other failure is thrown at once.
 * @example retryWhenBusy(() => api.get(path, GapsResult, signal), signal)
 */
export async function retryWhenBusy<T>(load: () => Promise<T>, signal: AbortSignal, attempts = 4, waitMs = 5_000): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (!(error instanceof ApiError && TRY_AGAIN.has(error.code)) || attempt >= attempts) throw error;
    }
    await new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(new DOMException('The request was aborted.', 'AbortError'));
        return;
      }
      const timer = setTimeout(resolve, waitMs);
      signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          reject(new DOMException('The request was aborted.', 'AbortError'));
        },
        { once: true },
      );
    });
  }
}
