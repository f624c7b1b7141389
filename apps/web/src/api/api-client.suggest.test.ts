import { describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';

function answering(body: unknown, seen: string[]): typeof fetch {
  return (input) => {
    seen.push(input instanceof Request ? input.url : input.toString());
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
  };
}

describe('createApiClient().suggest', () => {
  it('asks /api/suggest for the typed words and returns the suggestions in order', async () => {
    const seen: string[] = [];
    const suggestions = [
      { kind: 'category', code: 'food-bank', label: 'Food banks', detail: null },
      { kind: 'place', placeKind: 'district', value: 'M1', label: 'M1', detail: 'Manchester', location: { type: 'Point', coordinates: [-2.23, 53.47] } },
    ];
    const api = createApiClient({ fetch: answering({ suggestions }, seen) });
    await expect(api.suggest('food & m1', { limit: 3 })).resolves.toEqual(suggestions);
    expect(seen).toEqual(['/api/suggest?q=food+%26+m1&limit=3']);
  });

  it('rejects a suggestion of a kind the contract does not know', async () => {
    const api = createApiClient({ fetch: answering({ suggestions: [{ kind: 'planet', label: 'Mars' }] }, []) });
    await expect(api.suggest('ma')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});
