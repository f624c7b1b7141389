import { SearchResults } from '@common-ground/schema';
import { describe, expect, inject, it } from 'vitest';
import { useApp } from '../../testing/api-app.js';

describe.each(inject('databases'))('search says where its category is not covered, on the $kind database', (database) => {
  const app = useApp(database);
  const search = async (query: string) => {
    const response = await app().inject({ method: 'GET', url: `/api/search?${query}` });
    expect(response.statusCode).toBe(200);
    return SearchResults.parse(response.json());
  };

  it('names the category and the local authority when no source lists it there (words or a chosen category)', async () => {
    const byWords = await search('postcode=GL1%202TG&q=food%20banks');
    expect(byWords.coverage).toEqual({ categoryCode: 'food-bank', categoryName: 'Food banks and pantries', placeName: 'Gloucester', covered: false });
    const chosen = await search('postcode=GL1%202TG&category=youth-club');
    expect(chosen.coverage).toMatchObject({ categoryCode: 'youth-club', placeName: 'Gloucester', covered: false });
  });

  it('says covered where a source lists the category: England-wide registers, and Greater Manchester food banks', async () => {
    expect((await search('postcode=GL1%202TG&category=gp-practice')).coverage).toMatchObject({ placeName: 'Gloucester', covered: true });
    const manchester = await search('area=Manchester&category=food-bank');
    expect(manchester.coverage).toMatchObject({ placeName: 'Manchester', covered: true });
  });

  it('says nothing when the search has no one category or no place', async () => {
    expect((await search('postcode=GL1%202TG&q=church%20hall')).coverage).toBeNull();
    expect((await search('category=food-bank')).coverage).toBeNull();
  });
});
