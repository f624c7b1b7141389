import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, isAbort } from './api-client.js';

/** A fetch that answers every request with one canned response, and records the URLs. */
function answering(status: number, body: unknown, seen: string[] = []): typeof fetch {
  return (input) => {
    seen.push(input instanceof Request ? input.url : String(input));
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return Promise.resolve(new Response(text, { status, headers: { 'content-type': 'application/json' } }));
  };
}

const CONFIG = { basemapStyleUrl: null, attributions: ['Contains OS data'] };

describe('createApiClient', () => {
  it('returns a parsed config from /api/config', async () => {
    const seen: string[] = [];
    const api = createApiClient({ fetch: answering(200, CONFIG, seen) });
    await expect(api.getConfig()).resolves.toEqual(CONFIG);
    expect(seen).toEqual(['/api/config']);
  });

  it('prefixes the base URL and encodes path parameters', async () => {
    const seen: string[] = [];
    const api = createApiClient({ baseUrl: 'http://api.test', fetch: answering(404, { code: 'not_found', message: 'x' }, seen) });
    await expect(api.getArea('E01/../x')).rejects.toBeInstanceOf(ApiError);
    expect(seen).toEqual(['http://api.test/api/areas/E01%2F..%2Fx']);
  });

  it("turns the API's error body into an ApiError with its code and message", async () => {
    const api = createApiClient({ fetch: answering(404, { code: 'not_found', message: 'No area E01999999' }) });
    const error = await api.getArea('E01999999').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'No area E01999999' });
  });

  it("keeps the message of an error body whose code this client does not know (a newer server's)", async () => {
    const api = createApiClient({ fetch: answering(409, { code: 'some_new_rule', message: 'Refused for a new reason' }) });
    const error = await api.getArea('E01999999').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, code: 'http_error', message: 'Refused for a new reason' });
  });

  it("keeps a 400's per-field issues so a form can show them by the field", async () => {
    const body = { code: 'invalid_request', message: 'Bad search', issues: [{ path: 'querystring.postcode', message: 'unknown postcode ZZ9' }] };
    const api = createApiClient({ fetch: answering(400, body) });
    await expect(api.search(new URLSearchParams({ postcode: 'ZZ9' }))).rejects.toMatchObject({ status: 400, issues: body.issues });
  });

  it('reports a non-JSON error page as an http_error', async () => {
    const api = createApiClient({ fetch: answering(502, '<html>Bad gateway</html>') });
    await expect(api.getSources()).rejects.toMatchObject({ status: 502, code: 'http_error' });
  });

  it('rejects a 200 body that breaks the contract as invalid_response, naming the field', async () => {
    const api = createApiClient({ fetch: answering(200, { basemapStyleUrl: 42, attributions: [] }) });
    const error = await api.getConfig().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect((error as Error).message).toContain('basemapStyleUrl');
  });

  it('reports a failed connection as a network_error', async () => {
    const api = createApiClient({ fetch: () => Promise.reject(new TypeError('fetch failed')) });
    await expect(api.getCategories()).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('lets an abort through unchanged, so callers can ignore it', async () => {
    const controller = new AbortController();
    controller.abort();
    const api = createApiClient({
      fetch: (_input, init) => {
        init?.signal?.throwIfAborted();
        return Promise.resolve(new Response('{}'));
      },
    });
    const error = await api.getConfig(controller.signal).catch((e: unknown) => e);
    expect(isAbort(error)).toBe(true);
  });

  it('unwraps the category list', async () => {
    const category = {
      code: 'food-bank',
      parentCode: 'food',
      name: 'Food banks',
      description: '',
      abcdType: 'association',
      colour: '#d95f02',
      sortOrder: 1,
    };
    const api = createApiClient({ fetch: answering(200, { categories: [category] }) });
    await expect(api.getCategories()).resolves.toEqual([category]);
  });
});
